using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A host of the test's own making (not the sample) that maps the backend as <c>map</c> says: under a prefix, inside a
/// route group, twice, behind a path base. One provider, <c>Images</c>, draws with <c>dall-e-3</c> at the fake upstream.
/// </summary>
internal static class MountedBackend
{
    public static async Task<WebApplication> StartAsync(string dataDirectory, string upstreamBaseUrl, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = dataDirectory;
        }).AddOpenAICompatibleProvider("Images", p =>
        {
            p.BaseUrl = upstreamBaseUrl;
            p.ImageModels.Add("dall-e-3");
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
