using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Bench;

/// <summary>The backend as a host would run it: Kestrel on 127.0.0.1, MapG4FBackend, one OpenAI-compatible provider.</summary>
internal sealed class BackendHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BackendHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<BackendHost> StartAsync(string upstreamBaseUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o => o.LatestVersionUrl = null)
            .AddOpenAICompatibleProvider("Fake", p => p.BaseUrl = upstreamBaseUrl);
        var app = builder.Build();
        app.MapG4FBackend();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BackendHost(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
