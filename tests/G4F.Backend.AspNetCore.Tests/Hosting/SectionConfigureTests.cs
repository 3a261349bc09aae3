using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Buckets;
using G4F.Backend.Search;
using G4F.Backend.Sharing;
using Microsoft.Extensions.DependencyInjection;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// A host sets a section the usual way too, with <c>services.Configure&lt;TSection&gt;</c> and
/// <c>PostConfigure&lt;TSection&gt;</c>: its actions run after the <c>G4F</c> binding (configure actions in registration
/// order, then the post-configure ones), the service that reads the section sees the result, and a bad value set this
/// way stops the host at start naming the key, as one bound from configuration does.
/// </summary>
public sealed class SectionConfigureTests
{
    [Fact]
    public async Task A_hosts_configure_actions_set_the_section_the_upload_limit_reads()
    {
        await using var factory = new BackendFactory(
            new Dictionary<string, string?> { ["G4F:Buckets:MaxFileBytes"] = "5000" },
            services =>
            {
                AddTestConverters(services);
                services.Configure<BucketOptions>(o => o.MaxFileBytes = 10);
                services.Configure<BucketOptions>(o => o.MaxFileBytes *= 100);
            });
        var client = factory.CreateClient();

        using var response = await client.UploadAsync(BucketId, ("part.txt", "text/plain", Enumerable.Repeat((byte)'a', 1001).ToArray()));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"A file may be at most 1000 bytes"}}""");
    }

    [Fact]
    public async Task A_hosts_post_configure_action_runs_after_its_configure_actions()
    {
        await using var factory = new BackendFactory(
            new Dictionary<string, string?>(),
            services =>
            {
                services.PostConfigure<SharingOptions>(o => o.MaxChatBytes = 4096);
                services.Configure<SharingOptions>(o => o.MaxChatBytes = 1);
            });
        var client = factory.CreateClient();
        var chat = $$"""{"updated":1,"title":"{{new string('x', 5000)}}"}""";

        using var response = await client.PostAsync("/backend-api/v2/chat/0b6f1d2e-8a7c-4f59-9d61-5a0f3c2b1e77", new StringContent(chat, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Request body is larger than 4096 bytes"}}""");
    }

    [Fact]
    public void A_bad_value_set_by_configure_fails_at_start_naming_the_key()
    {
        using var factory = new BackendFactory(
            new Dictionary<string, string?>(),
            services => services.Configure<BucketOptions>(o => o.MaxFileBytes = 0));

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains("G4F:Buckets:MaxFileBytes must be positive."));
    }

    [Fact]
    public void A_bad_value_set_by_post_configure_fails_at_start_naming_the_key()
    {
        using var factory = new BackendFactory(
            new Dictionary<string, string?>(),
            services => services.PostConfigure<SearchOptions>(o => o.MaxResults = 0));

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains("G4F:Search:MaxResults must be between 1 and"));
    }
}
