using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>A broken <c>G4F:Search</c> section stops the start, naming the key.</summary>
public sealed class SearchOptionsValidationTests
{
    [Theory]
    [InlineData("Engine", " ", "G4F:Search:Engine")]
    [InlineData("DuckDuckGoUrl", "html.duckduckgo.com/html/", "G4F:Search:DuckDuckGoUrl")]
    [InlineData("SearxngUrl", "file:///etc/passwd", "G4F:Search:SearxngUrl")]
    [InlineData("Engine", "SearXNG", "G4F:Search:SearxngUrl is required")]
    [InlineData("MaxResults", "0", "G4F:Search:MaxResults")]
    [InlineData("MaxResults", "21", "G4F:Search:MaxResults")]
    [InlineData("MaxWords", "0", "G4F:Search:MaxWords")]
    [InlineData("PageTimeout", "00:00:00", "G4F:Search:PageTimeout")]
    [InlineData("Timeout", "-00:00:01", "G4F:Search:Timeout")]
    [InlineData("MaxResponseBytes", "0", "G4F:Search:MaxResponseBytes")]
    [InlineData("MaxPageBytes", "-1", "G4F:Search:MaxPageBytes")]
    public void Invalid_values_name_their_key(string setting, string value, string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Search:{setting}"] = value }).Build();
        var services = new ServiceCollection();
        services.AddG4FBackend(configuration);
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle(f => f.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_the_original_s_and_valid()
    {
        using var provider = new ServiceCollection().AddG4FBackend((IConfiguration?)null).Services.BuildServiceProvider();

        var search = provider.GetRequiredService<IOptions<G4FBackendOptions>>().Value.Search;

        search.Should().BeEquivalentTo(new
        {
            Enabled = true,
            Engine = "DuckDuckGo",
            DuckDuckGoUrl = "https://html.duckduckgo.com/html/",
            Region = "us-en",
            MaxResults = 5,
            MaxWords = 2500,
            PageTimeout = TimeSpan.FromSeconds(5),
        }, o => o.ExcludingMissingMembers());
    }
}
