using System.Net;
using System.Net.Http.Headers;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Credentials;

/// <summary><c>POST /upload_cookies</c> (PROTOCOL 10): what is stored where, and what the client is told.</summary>
public sealed class CookieUploadTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task A_json_export_is_saved_in_the_cookies_folder_and_answered_with_the_original_text()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var export = CookieUploads.Export((".example.com", "sid", "abc", 4_102_444_800));

        using var response = await factory.CreateClient().UploadCookiesAsync("My Cookies.json", export);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("File saved");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        File.ReadAllText(Path.Combine(factory.DataDirectory, "cookies", "My_Cookies.json")).Should().Be(
            """[{"domain":".example.com","name":"sid","value":"abc","path":"/","expirationDate":4102444800.5}]""",
            "only the cookies are kept, as an export of the same kind");
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "cookies")).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public async Task A_name_with_path_segments_stays_in_the_cookies_folder_and_never_overwrites_other_state()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        Directory.CreateDirectory(factory.DataDirectory);
        var authCache = Path.Combine(factory.DataDirectory, "auth_OpenaiChat.json");
        File.WriteAllText(authCache, "keep");

        using var response = await client.UploadCookiesAsync("../auth_OpenaiChat.json", CookieUploads.Export(("example.com", "a", "b", null)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        File.ReadAllText(authCache).Should().Be("keep");
        File.Exists(Path.Combine(factory.DataDirectory, "cookies", "auth_OpenaiChat.json")).Should().BeTrue();
    }

    [Fact]
    public async Task Every_refusal_has_its_status_and_a_JSON_envelope()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:MaxCookieFileBytes"] = "1000" });
        var client = factory.CreateClient();
        var lines = new List<string>();
        async Task Record(string label, Task<HttpResponseMessage> sending)
        {
            using var response = await sending;
            lines.Add($"{label}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {await response.Content.ReadAsStringAsync()}");
        }

        await Record("empty file name", client.UploadCookiesAsync(string.Empty, "[]"));
        await Record("other extension", client.UploadCookiesAsync("cookies.txt", "[]"));
        await Record("name that sanitises to nothing", client.UploadCookiesAsync("..", "[]"));
        await Record("field missing", client.UploadCookiesAsync("cookies.json", "[]", field: "files"));
        await Record("not multipart", client.PostAsync(CookieUploads.Path, new StringContent("[]")));
        await Record("broken multipart", client.PostAsync(CookieUploads.Path, new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.json\"\r\n\r\n[]", System.Text.Encoding.UTF8, MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x"))));
        await Record("json that is not JSON", client.UploadCookiesAsync("cookies.json", "[{\"domain\":"));
        await Record("json of another shape", client.UploadCookiesAsync("cookies.json", "\"text\""));
        await Record("har without entries", client.UploadCookiesAsync("session.har", "{\"log\":{}}"));
        await Record("too large", client.UploadCookiesAsync("cookies.json", "[" + new string(' ', 1000) + "]"));
        await Record("wrong method", client.GetAsync(CookieUploads.Path));

        Snapshot.Match(lines);
        Directory.Exists(Path.Combine(factory.DataDirectory, "cookies")).Should().BeFalse("nothing refused is stored");
    }

    [Fact]
    public async Task A_malformed_upload_does_not_replace_the_file_of_the_same_name()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var export = CookieUploads.Export(("example.com", "a", "b", null));
        (await client.UploadCookiesAsync("c.json", export)).Dispose();

        using var response = await client.UploadCookiesAsync("c.json", "{not json");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        File.ReadAllText(Path.Combine(factory.DataDirectory, "cookies", "c.json")).Should().Contain("\"name\":\"a\",\"value\":\"b\"");
    }

    [Fact]
    public async Task A_file_of_more_json_values_than_the_limit_is_413_and_stores_nothing()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        // 2 MB: within the size limit, but a million and one values to parse.
        using var response = await client.UploadCookiesAsync("c.json", "[" + string.Join(',', Enumerable.Repeat('0', 1_000_000)) + "]");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"A cookie file may hold at most 1000000 JSON values"}}""");
        Directory.Exists(Path.Combine(factory.DataDirectory, "cookies")).Should().BeFalse();
    }
}
