using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Clients that go away over a real socket in the middle of writing into a bucket (an upload's body, a stream read's
/// download): the server leaves no partial file in the bucket and no scratch file in the staging folder, and the bucket
/// takes the next upload.
/// </summary>
public sealed class BucketDisconnectTests
{
    // What a read leaves once it took the download list (it is no part of the download).
    private const string BucketDownloadsDoneMarker = ".downloads.done";

    // Generous: only a failing test waits this long.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_upload_whose_client_leaves_mid_body_leaves_nothing_and_the_bucket_takes_the_next_upload()
    {
        var ends = new RequestEndRecorder();
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), services => services.AddSingleton<IStartupFilter>(ends));

        // A plain client on the host's socket: the factory's client sent nothing of this body before all of it was written.
        using var client = new HttpClient { BaseAddress = factory.CreateLoopbackClient().BaseAddress };
        var content = Encoding.ASCII.GetBytes(new string('x', 1024 * 1024));
        var half = content.Length / 2;
        using var leave = new CancellationTokenSource();

        // The first half of the file is sent, then the body waits for a departure that never lets it finish.
        var sending = client.PostAsync($"/backend-api/v2/files/{BucketId}", new HeldUpload("big.md", content, half, () => Task.Delay(Timeout.Infinite, leave.Token)), leave.Token);
        (await HeldUpload.UntilAsync(() => StagedFiles(factory).Sum(f => new FileInfo(f).Length) >= half, Bound))
            .Should().BeTrue("half the file is staged while the body is still arriving");

        await leave.CancelAsync();
        await LeaveAsync(sending);

        await ends.EndedAsync($"/backend-api/v2/files/{BucketId}", Bound);
        StagedFiles(factory).Should().BeEmpty("the half-staged file goes with the request that left");
        Directory.Exists(BucketFolder(factory)).Should().BeFalse("nothing of the upload reached the bucket");
        await TakesTheNextUploadAsync(client, factory);
    }

    [Fact]
    public async Task A_stream_read_whose_client_leaves_mid_download_leaves_nothing_and_the_bucket_takes_the_next_upload()
    {
        await using var pages = await FakeFileServer.StartAsync();
        var stalled = pages.MapStall("/big.png");
        var ends = new RequestEndRecorder();
        // The download's own limit is far beyond the waits: only the client's departure can end it in time.
        await using var factory = new BackendFactory(
            new Dictionary<string, string?> { ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32", ["G4F:Downloads:Timeout"] = "00:10:00" },
            services => services.AddSingleton<IStartupFilter>(ends));
        var client = factory.CreateLoopbackClient();
        var list = new JsonArray(new JsonObject { ["url"] = pages.BaseUrl + "/big.png" });
        await client.UploadJsonAsync(BucketId, ("downloads.json", "application/json", Encoding.UTF8.GetBytes(list.ToJsonString())));
        var stored = BucketFiles(factory);
        using var leave = new CancellationTokenSource();

        var sending = client.GetAsync($"/backend-api/v2/files/{BucketId}/stream", HttpCompletionOption.ResponseHeadersRead, leave.Token);
        await stalled.WaitAsync(Bound);
        (await HeldUpload.UntilAsync(() => StagedFiles(factory).Length > 0, Bound)).Should().BeTrue("the download is written to a scratch file as it comes");

        await leave.CancelAsync();
        await LeaveAsync(sending);

        await ends.EndedAsync($"/backend-api/v2/files/{BucketId}/stream", Bound);
        StagedFiles(factory).Should().BeEmpty("the half-downloaded scratch file goes with the read that left");
        BucketFiles(factory).Except(stored).Where(f => f != BucketDownloadsDoneMarker).Should().BeEmpty("no part of the download reached the bucket");
        await TakesTheNextUploadAsync(client, factory);
    }

    private static async Task TakesTheNextUploadAsync(HttpClient client, BackendFactory factory)
    {
        using var response = await client.UploadAsync(BucketId, Text("next.txt", "next")).WaitAsync(Bound);

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the bucket's lock is free");
        File.ReadAllText(Path.Combine(BucketFolder(factory), "files.txt")).Should().Be("next.txt.md\n");
    }

    private static string BucketFolder(BackendFactory factory) => Path.Combine(factory.DataDirectory, "buckets", BucketId);

    private static string[] StagedFiles(BackendFactory factory)
    {
        var staging = Path.Combine(factory.DataDirectory, ".staging");
        return Directory.Exists(staging) ? Directory.GetFiles(staging, "*", SearchOption.AllDirectories) : [];
    }

    private static string[] BucketFiles(BackendFactory factory) =>
        [.. Directory.GetFiles(BucketFolder(factory), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(BucketFolder(factory), f))];

    /// <summary>After the token was cancelled: the request is given up whether or not its answer had begun.</summary>
    private static async Task LeaveAsync(Task<HttpResponseMessage> sending)
    {
        try
        {
            (await sending.WaitAsync(Bound)).Dispose();
        }
        catch (OperationCanceledException)
        {
            // No answer had begun: the cancelled send closed the connection.
        }
    }
}
