using System.Net;
using System.Security.Cryptography;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// The copies the <c>?url=</c> fallbacks keep are one set for all instances on a database: their total
/// (<c>Downloads:MaxFetchedBytes</c>) holds across instances, each counting what the database holds when it stores one.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class TwoHostsFetchedMediaTests(PostgreSqlCluster cluster)
{
    // PNG magic bytes and a little more: media by sniffing. Room for two copies within the total of 30 bytes.
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    [Fact]
    public async Task Copies_fetched_through_two_hosts_stay_within_one_total()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var source = await FakeFileServer.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            source.MapFile($"/{i}.png", "application/octet-stream", Png);
        }

        await using var first = Host(database.ConnectionString);
        await using var second = Host(database.ConnectionString);
        var (a, b) = (first.CreateClient(), second.CreateClient());

        // B stores a copy first; A then stores two (evicting B's, the oldest); B stores one more: B must count A's copies.
        await FetchAsync(b, source, 0);
        await FetchAsync(a, source, 1);
        await FetchAsync(a, source, 2);
        await FetchAsync(b, source, 3);

        (await CopiesAsync(database)).Should().Equal([CopyName(source, 2), CopyName(source, 3)], "the two newest copies of both hosts are kept, within the one total");
    }

    // A library copy is kept under the SHA-256 of its URL and the name (README, fetched copies of the ?url= fallbacks).
    private static string CopyName(FakeFileServer source, int index) =>
        $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source.BaseUrl}/{index}.png")))}_{index}.png";

    private static async Task FetchAsync(HttpClient client, FakeFileServer source, int index)
    {
        using var response = await client.GetAsync($"/media/{index}.png?url={Uri.EscapeDataString($"{source.BaseUrl}/{index}.png")}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
    }

    // The current versions of the fetched copies, oldest first (media kinds are 10 and up).
    private static async Task<List<string>> CopiesAsync(TestDatabase database)
    {
        var connection = await database.Instance.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            using var command = new NpgsqlCommand("SELECT name, kind FROM g4f_blobs WHERE kind >= 10 AND released_at IS NULL ORDER BY written_at", connection);
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
        new Dictionary<string, string?>
        {
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
            ["G4F:Downloads:MaxFetchedBytes"] = "30",
        },
        services => services.AddG4FBackend().UsePostgreSql(connectionString));
}
