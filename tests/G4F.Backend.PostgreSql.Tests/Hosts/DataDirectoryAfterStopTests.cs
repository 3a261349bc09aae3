using System.Net;
using System.Net.Http.Headers;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// With every store on PostgreSQL the data directory holds at most temporary files while the host runs and nothing
/// after a clean stop, the scratch folders that readiness probes, uploads and thumbnails made included.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class DataDirectoryAfterStopTests(PostgreSqlCluster cluster)
{
    [Fact]
    public async Task A_clean_stop_leaves_nothing_in_the_data_directory()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var host = new BackendFactory(new Dictionary<string, string?>(), services => services.AddG4FBackend().UsePostgreSql(database.ConnectionString))
        {
            KeepDataDirectory = true,
        };
        try
        {
            var client = host.CreateClient();
            var bucket = Guid.NewGuid().ToString();
            (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
            using (var form = new MultipartFormDataContent("stop")
            {
                { Content(Encoding.UTF8.GetBytes("lichen on the stones"), "text/plain"), "files", "notes.txt" },
                { Content(Png(), "image/png"), "files", "moss.png" },
            })
            {
                (await client.PostAsync($"/backend-api/v2/files/{bucket}", form)).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            (await client.GetStringAsync($"/backend-api/v2/files/{bucket}?delete_files=")).Should().Contain("lichen on the stones");
            Files(host.DataDirectory).Should().BeEmpty("the stores are in the database; scratch files live only while a request runs");

            await host.DisposeAsync();

            // The factory stops the host; the application's own run loop then disposes its services on another thread,
            // so the container's end (where the scratch folders go) is waited for, not assumed done.
            await EmptiedAsync(host.DataDirectory, TimeSpan.FromSeconds(30));
            Entries(host.DataDirectory).Should().BeEmpty("a clean stop leaves nothing in the data directory on PostgreSQL");
        }
        finally
        {
            await host.DisposeAsync();
            if (Directory.Exists(host.DataDirectory))
            {
                Directory.Delete(host.DataDirectory, recursive: true);
            }
        }
    }

    // Polls until the folder holds nothing; only a failing test waits the whole limit.
    private static async Task EmptiedAsync(string folder, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Entries(folder).Any() && watch.Elapsed < limit)
        {
            await Task.Delay(20);
        }
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList() : [];

    private static IEnumerable<string> Entries(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).ToList() : [];

    private static ByteArrayContent Content(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(64, 48);
        bitmap.Erase(SKColors.OliveDrab);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
