using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// An endpoint source without endpoints, first in a mapping step's route group: the group hands every source the full
/// prefix it builds its endpoints under (<see cref="RouteGroupContext.Prefix"/>, outer groups included), which is the
/// one place the mount is known exactly; it goes into the group's <see cref="MountMetadata"/> before the routes after
/// this source are built and their conventions run.
/// </summary>
internal sealed class MountPrefixSource(MountMetadata mount) : EndpointDataSource
{
    private static readonly IChangeToken Unchanging = new CancellationChangeToken(CancellationToken.None);

    public override IReadOnlyList<Endpoint> Endpoints => [];

    public override IChangeToken GetChangeToken() => Unchanging;

    public override IReadOnlyList<Endpoint> GetGroupedEndpoints(RouteGroupContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        mount.Record(context.Prefix);
        return [];
    }
}
