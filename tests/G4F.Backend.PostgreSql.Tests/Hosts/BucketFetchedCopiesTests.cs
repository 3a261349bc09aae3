using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// The <c>?url=</c> copies of a bucket's missing media on PostgreSQL (media-store rows under the bucket's id): served only to
/// a request naming the URL they came from, and deleted with their bucket.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class BucketFetchedCopiesTests(PostgreSqlCluster cluster)
{
    // PNG magic bytes and a little more: media by sniffing.
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 6, 6, 6];

    [Fact]
    public async Task A_copy_answers_only_its_url_and_goes_with_its_bucket()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var source = await FakeFileServer.StartAsync();
        source.MapFile("/planted.png", "image/png", Png);
        await using var host = Host(database.ConnectionString);
        var client = host.CreateClient();
        var bucketId = Guid.NewGuid().ToString();
        var withUrl = $"/files/{bucketId}/media/photo.png?url={Uri.EscapeDataString(source.BaseUrl + "/planted.png")}";
        await UploadAsync(client, bucketId, "notes.txt");

        using (var fetched = await client.GetAsync(withUrl))
        {
            (await fetched.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
        }

        using (var plain = await client.GetAsync($"/files/{bucketId}/media/photo.png"))
        {
            plain.StatusCode.Should().Be(HttpStatusCode.NotFound, "a copy stands in only for a request naming its URL");
        }

        (await CopiesAsync(database, bucketId)).Should().ContainSingle().Which.Should().EndWith("_photo.png");

        using (var deleted = await client.DeleteAsync($"/backend-api/v2/files/{bucketId}"))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await CopiesAsync(database, bucketId)).Should().BeEmpty("a bucket's delete deletes the copies fetched for it");
        await UploadAsync(client, bucketId, "fresh.txt");
        using (var refetched = await client.GetAsync(withUrl))
        {
            refetched.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        source.Requests.Should().Equal(["/planted.png", "/planted.png"], "the recreated bucket had no copy left to serve");
    }

    private static async Task UploadAsync(HttpClient client, string bucketId, string name)
    {
        using var form = new MultipartFormDataContent { { new StringContent("some notes"), "files", name } };
        using var response = await client.PostAsync($"/backend-api/v2/files/{bucketId}", form);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    // The current media-store rows (kinds 10 and up) under the bucket's id.
    private static async Task<List<string>> CopiesAsync(TestDatabase database, string bucketId)
    {
        var connection = await database.Instance.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            using var command = new NpgsqlCommand("SELECT name FROM g4f_blobs WHERE bucket_id = $1 AND kind >= 10 AND released_at IS NULL", connection)
            {
                Parameters = { new() { Value = bucketId } },
            };
            var reader = await command.ExecuteReaderAsync();
            await using (reader)
            {
                var names = new List<string>();
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }

                return names;
            }
        }
    }

    private static BackendFactory Host(string connectionString) => new(
        new Dictionary<string, string?> { ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32" },
        services => services.AddG4FBackend().UsePostgreSql(connectionString));
}
