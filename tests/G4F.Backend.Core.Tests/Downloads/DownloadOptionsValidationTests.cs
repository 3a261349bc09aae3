using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>A broken <c>G4F:Downloads</c> section stops the start, naming the key.</summary>
public sealed class DownloadOptionsValidationTests
{
    [Theory]
    [InlineData("MaxBytes", "G4F:Downloads:MaxBytes")]
    [InlineData("Timeout", "G4F:Downloads:Timeout")]
    [InlineData("MaxRedirects", "G4F:Downloads:MaxRedirects")]
    [InlineData("MaxDocumentBytes", "G4F:Downloads:MaxDocumentBytes")]
    [InlineData("ListTimeout", "G4F:Downloads:ListTimeout")]
    [InlineData("MaxConcurrentFetches", "G4F:Downloads:MaxConcurrentFetches")]
    [InlineData("AllowedNetworks", "G4F:Downloads:AllowedNetworks:1")]
    public void Invalid_values_name_their_key(string setting, string key)
    {
        var services = new ServiceCollection();
        services.AddG4FBackend(o =>
        {
            switch (setting)
            {
                case "MaxBytes": o.Downloads.MaxBytes = 0; break;
                case "Timeout": o.Downloads.Timeout = TimeSpan.Zero; break;
                case "MaxRedirects": o.Downloads.MaxRedirects = -1; break;
                case "MaxDocumentBytes": o.Downloads.MaxDocumentBytes = 0; break;
                case "ListTimeout": o.Downloads.ListTimeout = TimeSpan.Zero; break;
                case "MaxConcurrentFetches": o.Downloads.MaxConcurrentFetches = 0; break;
                default: o.Downloads.AllowedNetworks.Add("10.0.0.0/8"); o.Downloads.AllowedNetworks.Add("10.0.0.0/33"); break;
            }
        });
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle(f => f.StartsWith(key, StringComparison.Ordinal));
    }
}
