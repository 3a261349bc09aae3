using System.Net;
using System.Net.Http.Headers;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

        using (var form = new MultipartFormDataContent("two-hosts") { { Text("moss grows on the north side"), "files", "notes.txt" } })
        {
            (await a.PostAsync($"/backend-api/v2/files/{bucket}", form)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await b.GetStringAsync($"/backend-api/v2/files/{bucket}?delete_files=")).Should().Contain("moss grows on the north side");

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

    // The sample reads G4F:PostgreSql:ConnectionString before the test host's settings apply: the step is added here.
    private static BackendFactory Host(string connectionString) =>
        new(new Dictionary<string, string?>(), services => services.AddG4FBackend().UsePostgreSql(connectionString));

    private static ByteArrayContent Text(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        return content;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
