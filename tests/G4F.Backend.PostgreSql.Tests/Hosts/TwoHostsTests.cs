using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// Two instances of the sample in process, each with a data directory of its own, on one database: what one instance
/// stores the other serves, through the real HTTP routes.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class TwoHostsTests(PostgreSqlCluster cluster)
{
    [Fact]
    public async Task Uploads_shares_memory_and_deletes_made_on_one_instance_are_seen_on_the_other()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var first = Host(database.ConnectionString);
        await using var second = Host(database.ConnectionString);
        var (a, b) = (first.CreateClient(), second.CreateClient());
        var bucket = Guid.NewGuid().ToString();
        var photo = Png(640, 480);

        using (var form = new MultipartFormDataContent("two-hosts") { { Text("moss grows on the north side"), "files", "notes.txt" }, { Image(photo), "files", "photo.png" } })
        {
            using var uploaded = await a.PostAsync($"/backend-api/v2/files/{bucket}", form);
            uploaded.StatusCode.Should().Be(HttpStatusCode.OK);
            (await uploaded.Content.ReadAsStringAsync()).Should().Contain("photo.png");
        }

        (await b.GetStringAsync($"/backend-api/v2/files/{bucket}?delete_files=")).Should().Contain("moss grows on the north side");
        await MediaIsServedAsync(b, $"/files/{bucket}/media/photo.png", photo);
        using (var thumbnail = await b.GetAsync($"/files/{bucket}/thumbnail/photo.png"))
        {
            thumbnail.StatusCode.Should().Be(HttpStatusCode.OK);
            using var decoded = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
            decoded.Should().NotBeNull("the thumbnail A made is a whole image on B");
            (decoded.Width, decoded.Height).Should().Be((400, 300));
        }

        using (var share = await a.PostAsync($"/backend-api/v2/chat/{bucket}", Json("""{"id":"c","items":[{"role":"user","content":"hi"}],"updated":1755780123456}""")))
        {
            share.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/backend-api/v2/chat/{bucket}"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "1755780123456");
            (await b.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        }

        (await a.PostAsync("/backend-api/v2/memory/ann", Json("""{"id":"c1","items":[{"role":"user","content":"the otter sleeps"}]}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await b.GetStringAsync("/backend-api/v2/memory/ann?search=otter")).Should().Contain("the otter sleeps");

        (await b.DeleteAsync($"/backend-api/v2/files/{bucket}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await a.GetAsync($"/backend-api/v2/chat/{bucket}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "deleting the bucket deleted its share");
        (await a.GetAsync($"/backend-api/v2/files/{bucket}?delete_files=")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the bucket is gone for both");
    }

    [Fact]
    public async Task Usage_posted_to_both_hosts_at_once_is_stored_exactly_once_and_counted_by_either()
    {
        var database = await cluster.NewDatabaseAsync();
        await using var first = Host(database.ConnectionString);
        await using var second = Host(database.ConnectionString);
        var (a, b) = (first.CreateClient(), second.CreateClient());
        const int Lines = 400;

        // Every line is told apart by its "n"; half go to each host, all in flight together.
        await Task.WhenAll(Enumerable.Range(0, Lines).Select(async n =>
        {
            using var response = await (n % 2 == 0 ? a : b).PostAsync("/backend-api/v2/usage",
                Json($$"""{"user":"both","model":"m{{n % 3}}","provider":"P","prompt_tokens":1,"completion_tokens":2,"n":{{n}}}"""));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        })).WaitAsync(TimeSpan.FromSeconds(120));

        foreach (var client in new[] { a, b })
        {
            var stats = JsonNode.Parse(await client.GetStringAsync("/backend-api/v2/stats?days=2&user=both"))!;
            stats["totals"]!["requests"]!.GetValue<long>().Should().Be(Lines);
            stats["totals"]!["total_tokens"]!.GetValue<long>().Should().Be(3 * Lines);
            stats["models"]!.AsObject().Select(m => m.Value!["requests"]!.GetValue<long>()).Sum().Should().Be(Lines);

            // The lines themselves (a fresh database holds only these), from the days /stats counted: the posts may straddle midnight UTC.
            var numbers = new List<int>();
            foreach (var day in stats["days"]!.AsArray().Select(d => d!["date"]!.GetValue<string>()))
            {
                var body = await client.GetStringAsync($"/backend-api/v2/usage/{day}");
                numbers.AddRange(body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!["n"]!.GetValue<int>()));
            }

            numbers.Order().Should().Equal(Enumerable.Range(0, Lines), "every line is there once, whichever host took it");
        }
    }

    [Fact]
    public async Task A_generated_image_stored_by_one_host_is_served_byte_for_byte_by_the_other()
    {
        var database = await cluster.NewDatabaseAsync();
        await using var upstream = await FakeUpstream.StartAsync();
        var picture = Png(320, 200);
        (upstream.ImageUrls, upstream.ImageBytes) = ([], [picture]);
        await using var first = Host(database.ConnectionString, Upstream(upstream));
        await using var second = Host(database.ConnectionString, Upstream(upstream));

        var transcript = await first.CreateClient().ConverseAsync("""{"provider":"Fake","model":"dall-e-3","messages":[{"role":"user","content":"a heron"}]}""");

        var url = transcript.OfType("content").Single().GetProperty("urls")[0].GetString()!;
        url.Should().StartWith("/media/");
        using var served = await second.CreateClient().GetAsync(url);
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(picture);
        upstream.Requests.Count(r => r.Path.EndsWith("/images/generations", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task A_create_answer_cached_by_one_host_is_answered_by_the_other_without_calling_the_upstream()
    {
        var database = await cluster.NewDatabaseAsync();
        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = FakeReply.Text("Cached ", "once");
        await using var first = Host(database.ConnectionString, Upstream(upstream));
        await using var second = Host(database.ConnectionString, Upstream(upstream));
        const string Create = "/backend-api/v2/create?prompt=two%20hosts&provider=Fake&model=fake-model&cache=1";

        (await first.CreateClient().GetStringAsync(Create)).Should().Be("Cached once");
        upstream.Reply = FakeReply.Text("a second call");

        (await second.CreateClient().GetStringAsync(Create)).Should().Be("Cached once");
        upstream.Requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Should().Be(1, "the second host answered from the shared cache");
    }

    [Fact]
    public async Task A_cookie_file_uploaded_on_one_host_is_sent_upstream_by_the_other_within_the_refresh_interval()
    {
        var database = await cluster.NewDatabaseAsync();
        await using var upstream = await FakeUpstream.StartAsync();
        var settings = BackendFactory.Merge(Upstream(upstream), new Dictionary<string, string?> { ["G4F:Cookies:RefreshInterval"] = "00:00:01" });
        await using var first = Host(database.ConnectionString, settings);
        await using var second = Host(database.ConnectionString, settings);
        var b = second.CreateClient();
        const string Chat = """{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""";

        // B reads the (empty) cookie store first, so what follows is its refresh, not its first read.
        await b.ConverseAsync(Chat);
        LastChat(upstream).Headers.Should().NotContainKey("Cookie");
        var host = new Uri(upstream.BaseUrl).Host;
        using (var form = new MultipartFormDataContent("two-hosts-cookies"))
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""[{"domain":"{{host}}","name":"session","value":"from-a","path":"/"}]"""));
            file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
            form.Add(file, "file", "shared.json");
            (await first.CreateClient().PostAsync("/backend-api/v2/upload_cookies", form)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // B's index is at most a second old: within a generous bound one of its requests carries A's cookie.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string? cookie = null;
        while (cookie is null && DateTime.UtcNow < deadline)
        {
            await b.ConverseAsync(Chat);
            cookie = LastChat(upstream).Headers.GetValueOrDefault("Cookie");
            if (cookie is null)
            {
                await Task.Delay(200);
            }
        }

        cookie.Should().Be("session=from-a");
    }

    // The sample reads G4F:PostgreSql:ConnectionString before the test host's settings apply: the step is added here.
    private static BackendFactory Host(string connectionString, IDictionary<string, string?>? settings = null) =>
        new(settings ?? new Dictionary<string, string?>(), services => services.AddG4FBackend().UsePostgreSql(connectionString));

    // One fake OpenAI-compatible upstream behind both hosts, with an image model; downloads from loopback allowed.
    private static Dictionary<string, string?> Upstream(FakeUpstream upstream) => BackendFactory.Merge(
        BackendFactory.OpenAIProvider("Fake", upstream.OpenAIBaseUrl),
        new Dictionary<string, string?>
        {
            ["G4F:Providers:Fake:ImageModels:0"] = "dall-e-3",
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
        });

    // The bytes as stored, then a conditional request (304) and a byte range (206) on the same route.
    private static async Task MediaIsServedAsync(HttpClient client, string path, byte[] expected)
    {
        using var whole = await client.GetAsync(path);
        whole.StatusCode.Should().Be(HttpStatusCode.OK);
        (await whole.Content.ReadAsByteArrayAsync()).Should().Equal(expected);
        var etag = whole.Headers.ETag;
        etag.Should().NotBeNull();

        using (var conditional = new HttpRequestMessage(HttpMethod.Get, path))
        {
            conditional.Headers.IfNoneMatch.Add(etag!);
            (await client.SendAsync(conditional)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        }

        using var ranged = new HttpRequestMessage(HttpMethod.Get, path);
        ranged.Headers.Range = new RangeHeaderValue(100, 1123);
        using var part = await client.SendAsync(ranged);
        part.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        part.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 100-1123/{expected.Length}");
        (await part.Content.ReadAsByteArrayAsync()).Should().Equal(expected[100..1124]);
    }

    private static RecordedRequest LastChat(FakeUpstream upstream) => upstream.Requests.Last(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.SeaGreen);

        // A diagonal stripe, so the file is more than a few hundred bytes and a byte range has content to compare.
        for (var x = 0; x < Math.Min(width, height); x++)
        {
            bitmap.SetPixel(x, x, new SKColor((byte)x, (byte)(x * 7), (byte)(x * 13)));
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static ByteArrayContent Image(byte[] png)
    {
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        return content;
    }

    private static ByteArrayContent Text(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        return content;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
