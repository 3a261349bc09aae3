using G4F.Backend.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.OpenApi;

/// <summary>
/// The prefix of the endpoint names (OpenAPI operation ids) of one <c>MapG4FBackend</c> mount, from the mount as the
/// group's endpoint sources see it (<see cref="MountMetadata"/>, outer route groups included): names are unique per
/// application, so two mounts (<c>MapGroup("/a").MapG4FBackend()</c> beside <c>MapGroup("/b")...</c>) need two prefixes.
/// </summary>
internal static class EndpointNames
{
    /// <summary>
    /// <c>G4F</c> at the root, <c>G4F_g4f</c> under <c>/g4f</c> (one segment of letters and digits, the names these
    /// mounts always had); any other mount adds a short hash of its template to the letters and digits of it
    /// (<c>/a-b</c> and <c>/ab</c>, <c>/a/b</c> would otherwise share a name).
    /// </summary>
    public static string PrefixOf(MountMetadata mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var template = mount.Template;
        if (template.Length == 0)
        {
            return "G4F";
        }

        var readable = string.Concat(template.Where(char.IsAsciiLetterOrDigit));
        if (template.Length == readable.Length + 1)
        {
            return "G4F_" + readable;
        }

        return $"G4F_{readable}_{Fnv1a(template):x8}";
    }

    /// <summary>
    /// Keeps the names the routes of <paramref name="group"/> were given (<c>WithName</c>) when the group is mounted at
    /// <paramref name="usualTemplate"/>, and puts <see cref="PrefixOf"/> of the mount before each anywhere else, so that
    /// a door mapped twice (<c>MapG4FOpenAI()</c> beside <c>MapG4FOpenAI("/openai")</c>) does not fail every request of
    /// the host with a duplicate name.
    /// </summary>
    public static void KeepUniquePerMount(RouteGroupBuilder group, string usualTemplate)
    {
        ArgumentNullException.ThrowIfNull(group);
        // A group's last convention: it runs after the routes' own WithName.
        ((IEndpointConventionBuilder)group).Finally(builder =>
        {
            if (builder.Metadata.OfType<MountMetadata>().LastOrDefault() is not { } mount
                || string.Equals(mount.Template, usualTemplate, StringComparison.Ordinal)
                || builder.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault() is not { } named)
            {
                return;
            }

            var name = $"{PrefixOf(mount)}_{named.EndpointName}";
            for (var i = builder.Metadata.Count - 1; i >= 0; i--)
            {
                if (builder.Metadata[i] is IEndpointNameMetadata or IRouteNameMetadata)
                {
                    builder.Metadata.RemoveAt(i);
                }
            }

            builder.Metadata.Add(new EndpointNameMetadata(name));
            builder.Metadata.Add(new RouteNameMetadata(name));
        });
    }

    // FNV-1a over the UTF-16 code units: stable across processes and runtimes (string.GetHashCode is randomized), and no
    // cryptography assembly loaded into the host for a name.
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
