using System.Text;
using G4F.Backend.Credentials;

namespace G4F.Backend.Core.Tests.Credentials;

/// <summary>The compact form an upload is stored in reads back to the same cookies, in the same order, as a file of its kind.</summary>
public sealed class CookieNormalFormTests
{
    [Fact]
    public void A_json_export_reads_back_to_the_same_cookies()
    {
        var cookies = CookieFileParser.Parse("c.json", Encoding.UTF8.GetBytes("""
            [
              {"domain":".ChatGPT.com","name":"__Secure-token","value":"a+b/c=&<>'`","path":"/","secure":true,"hostOnly":false,"expirationDate":1893456000.123},
              {"domain":"chatgpt.com","name":"oai-did","value":"","path":"/api","session":true},
              {"domain":"127.0.0.1","name":"n","value":"1","expirationDate":1893456000},
              {"domain":".ChatGPT.com","name":"__Secure-token","value":"later","path":"/","secure":true}
            ]
            """));

        var stored = CookieNormalForm.Write("c.json", cookies);

        cookies.Should().HaveCount(4);
        CookieFileParser.Parse("c.json", stored).Should().Equal(cookies);
        Encoding.UTF8.GetString(stored).Should().StartWith("""[{"domain":".chatgpt.com","name":"__Secure-token","value":"a+b/c=&<>'`","path":"/","secure":true,"expirationDate":1893456000.123},""");
    }

    [Fact]
    public void A_har_reads_back_to_the_same_cookies_and_hosts()
    {
        var cookies = CookieFileParser.Parse("s.har", Encoding.UTF8.GetBytes("""
            {"log":{"entries":[
              {"request":{"url":"https://chat.example.com/api","headers":[{"name":"cookie","value":"a=1; b=2"}]}},
              {"request":{"url":"https://x.test/","headers":[{"name":"Host","value":"API.example.com:8443"}],"cookies":[{"name":"c","value":"3","expires":"2030-01-01T00:00:00.25+02:00"}]}},
              {"request":{"url":"https://chat.example.com/","cookies":[{"name":"a","value":"4"}]}}
            ]}}
            """));

        var stored = CookieNormalForm.Write("s.har", cookies);

        cookies.Should().HaveCount(4);
        CookieFileParser.Parse("s.har", stored).Should().Equal(cookies);
    }

    [Fact]
    public void A_har_of_an_ipv6_literal_host_reads_back_to_the_same_cookies()
    {
        var cookies = CookieFileParser.Parse("s.har", Encoding.UTF8.GetBytes("""
            {"log":{"entries":[{"request":{"url":"https://[::1]:8443/api","cookies":[{"name":"a","value":"1"}]}}]}}
            """));

        var stored = CookieNormalForm.Write("s.har", cookies);

        cookies.Should().ContainSingle();
        CookieFileParser.Parse("s.har", stored).Should().Equal(cookies);
    }

    [Fact]
    public void No_cookies_are_an_empty_file_of_the_kind()
    {
        Encoding.UTF8.GetString(CookieNormalForm.Write("c.json", [])).Should().Be("[]");
        Encoding.UTF8.GetString(CookieNormalForm.Write("c.HAR", [])).Should().Be("""{"log":{"entries":[]}}""");
    }
}
