using G4F.Backend.Configuration;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Configuration;

/// <summary>
/// A URL option the host stops on names its key and shows what was given, but never the secrets a mistyped URL may hold
/// (a password in the user info, a key in the query): the start-up error goes to the log.
/// </summary>
public sealed class UrlOptionErrorTests
{
    [Fact]
    public void A_bad_url_option_names_its_key_and_shows_the_value_without_its_secrets()
    {
        var result = StartupValidation.Run(options =>
        {
            options.Providers["Local"] = new ProviderOptions { BaseUrl = "htps://admin:provider-secret@llm.example/v1?api_key=query-secret" };
            options.Search.SearxngUrl = "ftp://searx:search-secret@search.example/#fragment-secret";
            options.LatestVersionUrl = "releases.example/latest?token=version-secret";
        });

        result.Failures.Should().BeEquivalentTo(
            "G4F:Providers:Local:BaseUrl must be an absolute http or https URL, not 'htps://***@llm.example/v1...'.",
            "G4F:Search:SearxngUrl must be an absolute http or https URL, not 'ftp://***@search.example/...'.",
            "G4F:LatestVersionUrl must be an absolute http or https URL, not 'releases.example/latest...'.");
        string.Join('\n', result.Failures).Should().NotContain("secret");
    }

    [Theory]
    [InlineData("ftp://search.example", "ftp://search.example")]
    [InlineData("nope", "nope")]
    [InlineData("http//user:pw@host/x", "http//***@host/x")]
    [InlineData("pw@host//x", "***@host//x")]
    [InlineData("https://host/a@b", "https://***@b")]
    [InlineData("", "")]
    public void A_shown_url_keeps_its_shape_and_loses_what_could_be_a_secret(string value, string shown) =>
        OptionLimits.ShowUrl(value).Should().Be(shown);

    [Fact]
    public void A_long_value_is_cut()
    {
        var shown = OptionLimits.ShowUrl("h" + new string('x', 10_000));

        shown.Should().HaveLength(203).And.EndWith("...");
    }
}
