using System.Net;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The sample's CORS as shipped: the hosted client and pages on this machine may call it, without credentials; any
/// other page gets no CORS headers, so a site the user visits cannot drive the local API with the server's keys.
/// </summary>
public sealed class SampleCorsTests
{
    private const string Route = "/backend-api/v2/version";

    [Theory]
    [InlineData("https://g4f.dev")]
    [InlineData("http://localhost:1337")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("https://127.3.4.5")]
    [InlineData("http://[::1]:8080")]
    public async Task Allowed_origins_get_their_origin_back_without_credentials(string origin)
    {
        await using var factory = new ShippedSample();
        var client = factory.CreateClient();

        using var preflight = await client.SendAsync(Preflight(origin));
        using var simple = await client.SendAsync(Simple(origin));

        preflight.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Header(preflight, "Access-Control-Allow-Origin").Should().Be(origin);
        Header(preflight, "Access-Control-Allow-Headers").Should().Contain("x-api-key");
        Header(preflight, "Access-Control-Allow-Credentials").Should().BeNull();
        simple.StatusCode.Should().Be(HttpStatusCode.OK);
        Header(simple, "Access-Control-Allow-Origin").Should().Be(origin);
        Header(simple, "Access-Control-Allow-Credentials").Should().BeNull();
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://g4f.dev.evil.example")]
    [InlineData("http://localhost.evil.example:1337")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("null")]
    public async Task A_foreign_origin_gets_no_cors_headers(string origin)
    {
        await using var factory = new ShippedSample();
        var client = factory.CreateClient();

        using var preflight = await client.SendAsync(Preflight(origin, privateNetwork: true));
        using var simple = await client.SendAsync(Simple(origin));

        Header(preflight, "Access-Control-Allow-Origin").Should().BeNull();
        Header(preflight, "Access-Control-Allow-Credentials").Should().BeNull();
        Header(preflight, "Access-Control-Allow-Private-Network").Should().BeNull();
        Header(simple, "Access-Control-Allow-Origin").Should().BeNull();
        Header(simple, "Access-Control-Allow-Credentials").Should().BeNull();
    }

    [Theory]
    [InlineData("https://g4f.dev")]
    [InlineData("http://localhost:1337")]
    public async Task The_private_network_preflight_of_an_allowed_origin_is_answered(string origin)
    {
        await using var factory = new ShippedSample();
        var client = factory.CreateClient();

        using var withRequest = await client.SendAsync(Preflight(origin, privateNetwork: true));
        using var withoutRequest = await client.SendAsync(Preflight(origin));

        withRequest.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Header(withRequest, "Access-Control-Allow-Origin").Should().Be(origin);
        Header(withRequest, "Access-Control-Allow-Private-Network").Should().Be("true");
        Header(withoutRequest, "Access-Control-Allow-Private-Network").Should().BeNull("only a private-network preflight is answered so");
    }

    [Fact]
    public async Task A_wildcard_is_answered_with_a_star_and_never_with_credentials()
    {
        await using var factory = new ShippedSample(new Dictionary<string, string?> { ["G4F:Cors:AllowedOrigins:0"] = "*" });
        var client = factory.CreateClient();

        using var preflight = await client.SendAsync(Preflight("https://evil.example", privateNetwork: true));
        using var simple = await client.SendAsync(Simple("https://evil.example"));

        Header(preflight, "Access-Control-Allow-Origin").Should().Be("*");
        Header(preflight, "Access-Control-Allow-Credentials").Should().BeNull();
        Header(simple, "Access-Control-Allow-Origin").Should().Be("*");
        Header(simple, "Access-Control-Allow-Credentials").Should().BeNull();
    }

    [Fact]
    public void Credentials_with_a_wildcard_stop_the_host_at_start()
    {
        using var factory = new ShippedSample(new Dictionary<string, string?>
        {
            ["G4F:Cors:AllowedOrigins:0"] = "*",
            ["G4F:Cors:AllowLoopbackOrigins"] = "false",
            ["G4F:Cors:AllowCredentials"] = "true",
        });

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains("G4F:Cors:AllowCredentials"));
    }

    [Fact]
    public async Task Credentials_are_granted_only_to_origins_named_one_by_one()
    {
        await using var factory = new ShippedSample(new Dictionary<string, string?>
        {
            ["G4F:Cors:AllowedOrigins:0"] = "https://chat.example.org",
            ["G4F:Cors:AllowLoopbackOrigins"] = "false",
            ["G4F:Cors:AllowCredentials"] = "true",
        });
        var client = factory.CreateClient();

        using var named = await client.SendAsync(Preflight("https://chat.example.org"));
        using var loopback = await client.SendAsync(Preflight("http://localhost:1337"));

        Header(named, "Access-Control-Allow-Origin").Should().Be("https://chat.example.org");
        Header(named, "Access-Control-Allow-Credentials").Should().Be("true");
        Header(loopback, "Access-Control-Allow-Origin").Should().BeNull();
    }

    private static HttpRequestMessage Preflight(string origin, bool privateNetwork = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Route);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-user,x-api-key");
        if (privateNetwork)
        {
            request.Headers.Add("Access-Control-Request-Private-Network", "true");
        }

        return request;
    }

    private static HttpRequestMessage Simple(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Route);
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
