using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Answers every response of the host with how the application saw its request, read when the response starts (after the
/// host's own middleware ran): <c>X-Seen-Scheme</c>, <c>X-Seen-Host</c> and <c>X-Seen-Remote</c>.
/// </summary>
internal sealed class RequestEchoStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Seen-Scheme"] = context.Request.Scheme;
                context.Response.Headers["X-Seen-Host"] = context.Request.Host.Value;
                context.Response.Headers["X-Seen-Remote"] = context.Connection.RemoteIpAddress?.ToString();
                return Task.CompletedTask;
            });
            return following(context);
        });
        next(app);
    };
}
