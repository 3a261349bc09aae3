using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static G4F.Backend.AspNetCore.Tests.Conversations.AttachedMedia;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The sample behind a reverse proxy on the same machine: the X-Forwarded-* headers of a loopback proxy give the request
/// its scheme and host (ASP.NET Core's forwarded-headers middleware with its loopback-only defaults).
/// </summary>
public sealed class SampleForwardedHeadersTests
{
    [Fact]
    public async Task A_request_from_a_loopback_proxy_is_seen_with_the_forwarded_scheme_host_and_client()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), services => services.AddTransient<IStartupFilter, RequestEchoStartupFilter>());
        var client = factory.CreateLoopbackClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "chat.proxy.invalid");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Seen(response, "Scheme").Should().Be("https");
        Seen(response, "Host").Should().Be("chat.proxy.invalid");
        Seen(response, "Remote").Should().Be("203.0.113.7");
    }

    [Fact]
    public async Task A_media_url_of_the_forwarded_https_host_is_read_from_storage()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = FakeReply.Text("ok");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", upstream.OpenAIBaseUrl));
        var client = factory.CreateLoopbackClient();
        const string Generated = "1755780000_flux+a_red_square_0011223344556677.png";
        var png = Buckets.BucketUploads.Png(3, 2, SKColors.Red);
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "media"));
        await File.WriteAllBytesAsync(Path.Combine(factory.DataDirectory, "media", Generated), png);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "chat.proxy.invalid");

        // What the client sends when its page is https://chat.proxy.invalid: without the forwarded host, a foreign name that
        // does not resolve (400).
        var transcript = await client.ConverseFormAsync(
            """{"provider":"Fake","messages":[{"role":"user","content":"What is this?"}]}""",
            mediaUrls: [$"https://chat.proxy.invalid/media/{Generated}"]);

        transcript.Types.Should().NotContain("error");
        upstream.LastMessageContent()![1]!.ToJsonString().Should().Be(ImagePart(DataUri("image/png", png)).ToJsonString());
    }

    private static string Seen(HttpResponseMessage response, string what) => response.Headers.GetValues($"X-Seen-{what}").Single();
}
