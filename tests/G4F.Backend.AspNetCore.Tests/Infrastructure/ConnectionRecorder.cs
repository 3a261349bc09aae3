using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Records, for every request the host serves, the path and both ends of the connection it came on: a request over a
/// socket has them, one through the in-memory test server has none. Registered as a startup filter.
/// </summary>
internal sealed class ConnectionRecorder : IStartupFilter
{
    private readonly ConcurrentQueue<(string Path, IPAddress? Remote, IPAddress? Local, int LocalPort)> _requests = new();

    public IReadOnlyList<(string Path, IPAddress? Remote, IPAddress? Local, int LocalPort)> Requests => [.. _requests];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var connection = context.Connection;
            _requests.Enqueue((context.Request.Path.Value ?? string.Empty, connection.RemoteIpAddress, connection.LocalIpAddress, connection.LocalPort));
            await nextMiddleware(context);
        });
        next(app);
    };
}
