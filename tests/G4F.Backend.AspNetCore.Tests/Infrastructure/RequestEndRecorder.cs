using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Tells when the host has finished handling a request of a path, however it ended (answered, failed or left by its
/// client): what the server did for that request, such as calling an upstream, happened before. Registered as a startup filter.
/// </summary>
internal sealed class RequestEndRecorder : IStartupFilter
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new(StringComparer.Ordinal);

    /// <summary>Completes when a request of <paramref name="path"/> has left the host's pipeline.</summary>
    public Task EndedAsync(string path, TimeSpan timeout) => Of(path).Task.WaitAsync(timeout);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var path = context.Request.Path.Value ?? string.Empty;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                Of(path).TrySetResult();
            }
        });
        next(app);
    };

    private TaskCompletionSource Of(string path) =>
        _ended.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
