using System.ComponentModel.DataAnnotations;
using G4F.Backend.Search;
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
    [InlineData("Timeout", "50.00:00:00", "G4F:Search:Timeout")]
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
    public void A_bad_url_with_the_searxng_engine_is_one_failure_with_its_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Search:Engine"] = "searxng",
            ["Search:SearxngUrl"] = "ftp://search.example",
        }).Build();
        using var provider = new ServiceCollection().AddG4FBackend(configuration).Services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        // The URL is given, so the cross-key rule (SearXNG needs a URL) is met; only the URL itself is wrong.
        act.Should().Throw<OptionsValidationException>().Which.Failures.Should()
            .Equal("G4F:Search:SearxngUrl must be an absolute http or https URL, not 'ftp://search.example'.");
    }

    [Fact]
    public void The_single_key_rules_are_the_options_data_annotations()
    {
        // A host or tool that validates the class by its annotations sees the same rules the start runs.
        var search = new SearchOptions { MaxResults = 0, DuckDuckGoUrl = "nope", PageTimeout = TimeSpan.Zero };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(search, new ValidationContext(search), results, validateAllProperties: true).Should().BeFalse();

        results.Select(r => r.ErrorMessage).Should().BeEquivalentTo(
            "G4F:Search:MaxResults must be between 1 and 20.",
            "G4F:Search:DuckDuckGoUrl must be an absolute http or https URL, not 'nope'.",
            "G4F:Search:PageTimeout must be a positive time span of at most 49.17:02:47.");
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
