using System.Text;
using G4F.Backend.Credentials;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace G4F.Backend.Core.Tests.Credentials;

public sealed class CookieFileParserTests
{
    private static IReadOnlyList<StoredCookie> Parse(string name, string json) => CookieFileParser.Parse(name, Encoding.UTF8.GetBytes(json));

    private static JToken AsJson(IEnumerable<StoredCookie> cookies) =>
        JToken.FromObject(cookies.Select(c => new { c.Domain, c.Name, c.Value, c.Path, c.Secure, Expires = c.Expires?.ToString("O") }));

    [Fact]
    public void A_browser_extension_export_keeps_domain_path_secure_and_expiry()
    {
        var cookies = Parse("cookies.json", """
            [
              {"domain":".ChatGPT.com","name":"__Secure-next-auth.session-token","value":"abc.def","path":"/","secure":true,"hostOnly":false,"expirationDate":1893456000.25},
              {"domain":"chatgpt.com","name":"oai-did","value":"123","path":"/api","session":true},
              {"domain":"chatgpt.com","name":"bad value","value":"x"},
              {"domain":"chatgpt.com","name":"split","value":"a;b=c"},
              {"domain":"chatgpt.com","name":"newline","value":"a\r\nX-Evil: 1"},
              {"domain":"not a host","name":"n","value":"v"},
              {"name":"nodomain","value":"v"},
              "not an object",
            ]
            """);

        Snapshot.Match(AsJson(cookies));
    }

    [Fact]
    public void Playwright_state_and_a_map_of_domains_are_read_too()
    {
        var playwright = Parse("state.json", """{"cookies":[{"name":"a","value":"1","domain":".example.com","path":"/","expires":-1,"secure":false}],"origins":[]}""");
        var map = Parse("map.json", """{"example.com":{"b":"2","c":3}}""");

        AsJson(playwright.Concat(map)).ToString(Newtonsoft.Json.Formatting.None).Should().Be(
            """[{"Domain":".example.com","Name":"a","Value":"1","Path":"/","Secure":false,"Expires":null},{"Domain":"example.com","Name":"b","Value":"2","Path":"/","Secure":false,"Expires":null}]""");
    }

    [Fact]
    public void A_file_of_more_json_values_than_the_limit_is_refused_as_too_large_before_it_is_parsed()
    {
        // The array and its zeros: the limit's worth of values is read, one more is refused.
        static string Zeros(int count) => "[" + string.Join(',', Enumerable.Repeat('0', count)) + "]";

        FluentActions.Invoking(() => Parse("c.json", Zeros(CookieFileParser.MaxValues - 1))).Should().Throw<CookieFileException>()
            .Where(e => e.TooLarge).WithMessage("A cookie file may hold at most 1000000 JSON values");
        FluentActions.Invoking(() => Parse("c.har", Zeros(CookieFileParser.MaxValues - 1))).Should().Throw<CookieFileException>().Where(e => e.TooLarge);
        Parse("c.json", Zeros(CookieFileParser.MaxValues - 2)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("c.json", "[1,", "The .json file is not valid JSON (line 1)")]
    [InlineData("c.json", "42", "A .json cookie file must be a list of cookies or an object of domains")]
    [InlineData("c.json", """{"example.com":"v"}""", "A .json cookie file object must map each domain to an object of cookie names and values")]
    [InlineData("c.har", "[]", "A .har file must be an object with a log.entries list")]
    [InlineData("c.har", """{"log":{"entries":{}}}""", "A .har file must be an object with a log.entries list")]
    public void A_file_of_an_unknown_shape_is_refused_without_quoting_it(string name, string json, string message) =>
        FluentActions.Invoking(() => Parse(name, json)).Should().Throw<CookieFileException>().WithMessage(message);

    [Fact]
    public void Har_request_cookies_belong_to_the_request_host_and_the_cookie_header_is_the_fallback()
    {
        var cookies = Parse("s.har", """
            {"log":{"entries":[
              {"request":{"url":"https://chat.example.com/api","headers":[{"name":"cookie","value":"a=1; b=2"}]}},
              {"request":{"url":"https://x.test/","headers":[{"name":"Host","value":"API.example.com:8443"}],"cookies":[{"name":"c","value":"3","expires":"2030-01-01T00:00:00Z"}]}},
              {"request":{"url":"not a url","headers":[]}},
              {"response":{}}
            ]}}
            """);

        AsJson(cookies).ToString(Newtonsoft.Json.Formatting.None).Should().Be(
            """[{"Domain":"chat.example.com","Name":"a","Value":"1","Path":"/","Secure":false,"Expires":null},{"Domain":"chat.example.com","Name":"b","Value":"2","Path":"/","Secure":false,"Expires":null},{"Domain":"api.example.com","Name":"c","Value":"3","Path":"/","Secure":false,"Expires":"2030-01-01T00:00:00.0000000+00:00"}]""");
    }
}
