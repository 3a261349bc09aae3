using System.Diagnostics;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// Where the shipped sample listens when the environment says so, as a container sets it: ASP.NET Core's own variables
/// win over the sample's default (http://localhost:8080, which inside a container is out of reach).
/// </summary>
public sealed class SampleListenAddressTests
{
    [Fact]
    public async Task ASPNETCORE_URLS_chooses_the_address()
    {
        await using var sample = await StartWithoutUrlsArgumentAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });

        new Uri(sample.BaseUrl).Host.Should().Be("127.0.0.1", "the environment's address, not the sample's default localhost:8080");
        using var client = new HttpClient { BaseAddress = new Uri(sample.BaseUrl) };
        (await client.GetStringAsync("/healthz")).Should().Be("Healthy");
    }

    [Fact]
    public async Task ASPNETCORE_HTTP_PORTS_of_the_container_images_listens_on_every_interface()
    {
        await using var sample = await StartWithoutUrlsArgumentAsync(new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = "0" });

        var address = new Uri(sample.BaseUrl);
        address.Host.Should().NotBe("localhost", "HTTP_PORTS binds every interface (the official images set 8080)");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{address.Port}") };
        (await client.GetStringAsync("/healthz")).Should().Be("Healthy");
    }

    // SampleProcess passes --urls itself (a free loopback port), which would win over any environment variable; and the
    // test's own environment must not choose for the sample either.
    private static Task<SampleProcess> StartWithoutUrlsArgumentAsync(IReadOnlyDictionary<string, string> environment) =>
        SampleProcess.StartAsync(environment, "g4f-tests", TimeSpan.FromSeconds(90), (file, arguments) =>
        {
            var kept = arguments.ToList();
            kept.RemoveRange(kept.IndexOf("--urls"), 2);
            var start = new ProcessStartInfo(file, kept);
            foreach (var inherited in (string[])["URLS", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS"])
            {
                start.Environment.Remove(inherited);
            }

            return start;
        });
}
