using System.Diagnostics;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Reads that are still running: a document replaced by a named pipe holds the read at that document until the test
/// writes into it, so what the client sees before the read finishes is observed without any timing.
/// </summary>
public sealed class BucketStreamingTests
{
    private static readonly string Lines = string.Concat(Enumerable.Repeat(new string('a', 99) + "\n", 100));

    [Fact]
    public async Task The_first_load_frame_arrives_before_the_read_finishes()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // Named pipes in the file system are a Unix feature.
        }

        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.md", Lines), Text("b.md", "placeholder"));
        var gate = ReplaceWithPipe(factory, "b.md");

        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();

        first.Should().MatchRegex("""^data: \{"action":"load","size":\d+\}$""", "the read is held at b.md, so this frame came while it ran");
        var release = Release(gate, "bee");
        var rest = await reader.ReadToEndAsync();
        await release.WaitAsync(TimeSpan.FromMinutes(1));
        var total = Encoding.UTF8.GetByteCount($"<!-- File: a.md -->\n{Lines.TrimEnd()}\n<-- End -->\n\n<!-- File: b.md -->\nbee\n<-- End -->\n\n");
        rest.Should().EndWith($"data: {{\"action\":\"done\",\"size\":{total}}}\n\n");
    }

    [Fact]
    public async Task A_file_list_written_by_an_upload_during_a_read_survives_the_read()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.md", Lines), Text("b.md", "placeholder"));
        var gate = ReplaceWithPipe(factory, "b.md");
        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();

        await client.UploadJsonAsync(BucketId, Text("new.txt", "fresh"));
        var release = Release(gate, "bee");
        var rest = await reader.ReadToEndAsync();
        await release.WaitAsync(TimeSpan.FromMinutes(1));

        rest.Should().NotContain("delete_files", "the list this read started with is gone, so nothing was removed");
        File.ReadAllText(Path.Combine(factory.DataDirectory, "buckets", BucketId, "files.txt")).Should().Be("new.txt.md\n");
    }

    private static string ReplaceWithPipe(BackendFactory factory, string name)
    {
        var path = Path.Combine(factory.DataDirectory, "buckets", BucketId, name);
        File.Delete(path);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.Should().Be(0);
        return path;
    }

    // Opening the pipe for writing waits until the read opens it; then the text goes in and the pipe ends.
    private static Task Release(string pipe, string text) => Task.Run(() =>
    {
        using var writer = new FileStream(pipe, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        writer.Write(Encoding.UTF8.GetBytes(text));
    });
}
