using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Credentials;

/// <summary>Uploaded cookies reach the providers whose host they belong to, and nothing else sees them.</summary>
public sealed class CookieForwardingTests : IAsyncLifetime
{
    private const string ApiKey = "sk-secret-key-5b1d";
    private const string Chat = """{"provider":"Fake","model":"fake-model","debug_mode":true,"messages":[{"role":"user","content":"Hi"}]}""";

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private string Host => new Uri(_upstream.BaseUrl).Host;

    [Fact]
    public async Task Matching_unexpired_cookies_go_to_the_upstream_and_never_into_a_log_or_an_answer()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl, ApiKey));
        var client = factory.CreateClient();
        (await client.UploadCookiesAsync("cookies.json", CookieUploads.Export(
            (Host, "session", "cookie-value-9f1e", 4102444800),
            ("." + Host, "wide", "cookie-value-2c7a", null),
            (Host, "old", "cookie-value-expired", 1),
            ("other.example", "foreign", "cookie-value-foreign", null)))).EnsureSuccessStatusCode();

        var transcript = await client.ConverseAsync(Chat);

        transcript.Content.Should().Be("Hello world");
        var sent = _upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        sent.Headers["Cookie"].Should().Be("session=cookie-value-9f1e; wide=cookie-value-2c7a");
        sent.Headers["Authorization"].Should().Be("Bearer " + ApiKey);
        var logs = factory.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception).ToList();
        logs.Should().NotBeEmpty();
        foreach (var secret in new[] { "cookie-value", ApiKey })
        {
            logs.Should().NotContain(line => line.Contains(secret, StringComparison.Ordinal));
            transcript.Raw.Should().NotContain(secret);
        }
    }

    [Fact]
    public async Task Cookies_of_a_har_file_go_to_the_host_its_requests_went_to()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();
        var har = $$$"""
            {"log":{"entries":[
              {"request":{"url":"{{{_upstream.BaseUrl}}}/v1/models","headers":[{"name":"Cookie","value":"a=1; b=2"}],"cookies":[]}},
              {"request":{"url":"https://elsewhere.example/","headers":[{"name":":authority","value":"{{{Host}}}:1"}],"cookies":[{"name":"c","value":"3","expires":null}]}},
              {"request":{"url":"https://elsewhere.example/","headers":[],"cookies":[{"name":"d","value":"4"}]}}
            ]}}
            """;
        (await client.UploadCookiesAsync("session.har", har)).EnsureSuccessStatusCode();

        await client.ConverseAsync(Chat);

        _upstream.Requests.Last().Headers["Cookie"].Should().Be("a=1; b=2; c=3");
    }

    [Fact]
    public async Task A_new_upload_of_the_same_name_takes_effect_at_once_and_replaces_the_old_cookies()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();
        (await client.UploadCookiesAsync("c.json", CookieUploads.Export((Host, "first", "1", null)))).EnsureSuccessStatusCode();
        await client.ConverseAsync(Chat);

        (await client.UploadCookiesAsync("c.json", CookieUploads.Export((Host, "second", "2", null)))).EnsureSuccessStatusCode();
        await client.ConverseAsync(Chat);

        _upstream.Requests.Select(r => r.Headers.GetValueOrDefault("Cookie")).Should().Equal("first=1", "second=2");
    }

    [Fact]
    public async Task Files_from_an_earlier_run_are_read_and_an_ollama_provider_sends_them_too()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Providers:Fake:Type"] = "Ollama",
            ["G4F:Providers:Fake:BaseUrl"] = _upstream.BaseUrl,
        });
        var folder = Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "cookies")).FullName;
        File.WriteAllText(Path.Combine(folder, "kept.json"), $$$"""{"{{{Host}}}":{"kept":"yes"}}""");
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{");

        await factory.CreateClient().ConverseAsync(Chat);

        _upstream.Requests.Last().Path.Should().Be("/api/chat");
        _upstream.Requests.Last().Headers["Cookie"].Should().Be("kept=yes");
        factory.Logs.GetSnapshot().Should().Contain(r => r.Message.Contains("Skipped cookie file broken.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provider_on_another_host_gets_no_cookie_header()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();
        (await client.UploadCookiesAsync("c.json", CookieUploads.Export((".not-" + Host, "x", "1", null), ("localhost", "y", "2", null)))).StatusCode.Should().Be(HttpStatusCode.OK);

        await client.ConverseAsync(Chat);

        _upstream.Requests.Last().Headers.Should().NotContainKey("Cookie");
    }
}
