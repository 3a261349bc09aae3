using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using G4F.Backend.Media;

namespace G4F.Backend.Bench;

/// <summary>
/// Upload and read throughput of one 10 MB file through the media store (the blob store behind media, generated images and
/// bucket files), embedded (files in the data directory) and PostgreSQL (256 KiB <c>bytea</c> chunks): the median of a few
/// rounds, each a new name, read back whole in 80 KiB reads and compared with what was written.
/// </summary>
internal static class BlobBench
{
    private const int Size = 10 * 1024 * 1024;

    public static async Task RunAsync(bool quick)
    {
        var table = new SummaryTable($"blob bench summary ({(quick ? "quick" : "full")} run; one 10 MB file, median of rounds)");
        await BenchEngine.ForEachAsync("blobs", engine => RunAsync(engine, quick ? 3 : 7, table));
        table.Print();
    }

    private static async Task RunAsync(BenchEngine engine, int rounds, SummaryTable table)
    {
        var store = engine.Get<IMediaStore>();
        var content = new byte[Size];
        new Random(42).NextBytes(content);
        var expected = SHA256.HashData(content);
        var buffer = new byte[81920];
        var (uploads, reads) = (new List<double>(), new List<double>());
        for (var round = 0; round <= rounds; round++)
        {
            var key = MediaKey.Library($"bench-{round}.bin");
            var clock = Stopwatch.StartNew();
            using (var source = new MemoryStream(content, writable: false))
            {
                await store.WriteAsync(key, source, CancellationToken.None);
            }

            var uploaded = clock.Elapsed.TotalSeconds;
            clock.Restart();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var blob = await store.OpenReadAsync(key, CancellationToken.None) ?? throw new InvalidOperationException("The blob just written is missing."))
            {
                int read;
                while ((read = await blob.Content.ReadAsync(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }

            var readTime = clock.Elapsed.TotalSeconds;
            if (!hash.GetHashAndReset().AsSpan().SequenceEqual(expected))
            {
                throw new InvalidOperationException($"{engine.Name}: the blob read back differs from the one written.");
            }

            // Round 0 warms up (JIT, connections, the server's caches).
            if (round > 0)
            {
                uploads.Add(Size / 1e6 / uploaded);
                reads.Add(Size / 1e6 / readTime);
            }
        }

        var (upload, read2) = (Median(uploads), Median(reads));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"blobs, {engine.Name}: 10 MB upload {upload:F0} MB/s, read {read2:F0} MB/s (median of {rounds}; uploads {string.Join(", ", uploads.Select(u => u.ToString("F0", CultureInfo.InvariantCulture)))})"));
        table.Add("upload 10 MB, MB/s", engine.Name, upload.ToString("F0", CultureInfo.InvariantCulture));
        table.Add("read 10 MB, MB/s", engine.Name, read2.ToString("F0", CultureInfo.InvariantCulture));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
