using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The sample with its own appsettings.json (only the version lookup is turned off: no network here, and the data
/// directory is a temporary one); <paramref name="overrides"/> are laid over the shipped settings.
/// </summary>
internal sealed class ShippedSample(IDictionary<string, string?>? overrides = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["G4F:LatestVersionUrl"] = string.Empty,
            ["G4F:DataDirectory"] = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N")),
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }
}
