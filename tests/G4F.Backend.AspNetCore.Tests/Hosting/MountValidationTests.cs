using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The checks a mapping step runs before it maps anything (README, "Configuration"): every failing key of every section
/// in one start-up error, not the first section that fails while a service is built.
/// </summary>
public sealed class MountValidationTests
{
    [Fact]
    public void Every_failing_key_of_every_section_is_named_in_one_startup_error()
    {
        using var app = Build(new Dictionary<string, string?>
        {
            ["G4F:Buckets:MaxFileBytes"] = "0",
            ["G4F:Search:MaxResults"] = "50",
            ["G4F:Sharing:MaxChatBytes"] = "0",
        });

        var map = () => app.MapG4FBackend();

        map.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("G4F:Buckets:MaxFileBytes").And.Contain("G4F:Search:MaxResults").And.Contain("G4F:Sharing:MaxChatBytes");
    }

    [Fact]
    public void The_OpenAI_front_door_mounted_alone_names_every_failing_key_too()
    {
        using var app = Build(new Dictionary<string, string?>
        {
            ["G4F:Buckets:MaxFileBytes"] = "0",
            ["G4F:Search:MaxResults"] = "50",
        });

        var map = () => app.MapG4FOpenAI();

        map.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("G4F:Buckets:MaxFileBytes").And.Contain("G4F:Search:MaxResults");
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["G4F:LatestVersionUrl"] = string.Empty });
        builder.Services.AddG4FBackend(builder.Configuration.GetSection("G4F"));
        return builder.Build();
    }
}
