using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Media;
using G4F.Backend.PostgreSql.Media;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SkiaSharp;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// Media downloads whose clients stop reading hold their blob readers, each a pooled connection, through real HTTP on
/// 127.0.0.1: the bound on open readers (<see cref="PostgreSqlOptions.MaxOpenReaders"/>) keeps the rest of the pool
/// for the other routes, and a request never waits for a second reader while holding the first.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class HeldDownloadsTests(PostgreSqlCluster cluster)
{
    private const int Pool = 8;
    private const int Readers = 4;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Media_downloads_held_open_by_more_clients_than_the_pool_holds_leave_the_other_routes_answering()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        // Larger than what the loopback socket buffers and Kestrel's output buffer take in: the server's copy stays
        // in the middle of the blob, its reader open, for as long as the client does not read.
        await StoreMediaAsync(database, "held.mp4", new MemoryStream(new byte[24 * 1024 * 1024]));
        await using var factory = Host(database, Readers);
        var client = factory.CreateLoopbackClient();
        var server = factory.Services.GetRequiredService<PostgreSqlDatabase>();

        using var stop = new CancellationTokenSource();
        var downloads = Enumerable.Range(0, Pool + 1)
            .Select(_ => client.GetAsync("/media/held.mp4", HttpCompletionOption.ResponseHeadersRead, stop.Token))
            .ToList();
        try
        {
            // The bound's worth are served and the rest wait for a slot, or (without the bound) the pool is all taken.
            await WaitForAsync(() => downloads.Count(d => d.IsCompletedSuccessfully) == Pool
                || (downloads.Count(d => d.IsCompletedSuccessfully) == Readers && server.Readers.Waiting == Pool + 1 - Readers));

            using var prompt = new CancellationTokenSource(Generous);
            using (var memory = await client.GetAsync("/backend-api/v2/memory/ann?limit=5", prompt.Token))
            {
                memory.StatusCode.Should().Be(HttpStatusCode.OK, "the held downloads leave connections for memory");
            }

            using (var share = await client.GetAsync("/backend-api/v2/chat/" + Guid.NewGuid(), prompt.Token))
            {
                share.StatusCode.Should().Be(HttpStatusCode.NotFound, "a share look-up is answered, not a 503");
            }

            downloads.Where(d => d.IsCompletedSuccessfully).Should().AllSatisfy(d => d.Result.StatusCode.Should().Be(HttpStatusCode.OK));
        }
        finally
        {
            // The clients go away: the held readers end with their responses and the waiting ones with their requests.
            await stop.CancelAsync();
            foreach (var download in downloads)
            {
                try
                {
                    (await download).Dispose();
                }
                catch (OperationCanceledException)
                {
                    // Still waiting for its headers when the client gave up.
                }
            }
        }

        await WaitForAsync(() => server.Readers.Free == Readers && server.Readers.Waiting == 0);
    }

    [Fact]
    public async Task A_thumbnail_is_made_and_served_with_a_single_reader_slot()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await StoreMediaAsync(database, "heron.png", new MemoryStream(Png(800, 600)));
        await using var factory = Host(database, readers: 1);
        var client = factory.CreateLoopbackClient();

        // Made on the first request, found on the second: neither holds the image open while it opens the thumbnail.
        foreach (var _ in new[] { "made", "found" })
        {
            using var prompt = new CancellationTokenSource(Generous);
            using var thumbnail = await client.GetAsync("/thumbnail/heron.png", prompt.Token);
            thumbnail.StatusCode.Should().Be(HttpStatusCode.OK);
            using var decoded = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync(prompt.Token));
            (decoded.Width, decoded.Height).Should().Be((400, 300));
        }

        // The server disposes the served stream just after the last byte went out.
        var server = factory.Services.GetRequiredService<PostgreSqlDatabase>();
        await WaitForAsync(() => server.Readers.Free == 1);
    }

    [Fact]
    public async Task A_bound_not_below_the_pool_size_stops_the_host_naming_the_key()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var factory = Host(database, readers: Pool);

        var start = () => factory.CreateClient();
        start.Should().Throw<Exception>().Where(e => e.ToString().Contains(PostgreSqlOptions.MaxOpenReadersKey, StringComparison.Ordinal));
    }

    // Timeout=0: nobody gives up waiting for a connection or a slot on their own, so only starvation could keep a route waiting.
    private static BackendFactory Host(TestDatabase database, int readers)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = Pool, Timeout = 0 }.ConnectionString;
        return new BackendFactory(
            new Dictionary<string, string?>(),
            services =>
            {
                services.AddG4FBackend().UsePostgreSql(connectionString);
                services.Configure<PostgreSqlOptions>(options => options.MaxOpenReaders = readers);
            });
    }

    private static async Task StoreMediaAsync(TestDatabase database, string name, Stream content)
    {
        await new PostgreSqlMediaStore(database.Instance).WriteAsync(MediaKey.Library(name), content, CancellationToken.None);
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.SlateBlue);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
