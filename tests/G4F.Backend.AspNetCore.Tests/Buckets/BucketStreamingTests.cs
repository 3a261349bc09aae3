using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Buckets;
using Microsoft.Extensions.DependencyInjection;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Reads that are still running: a held document (<see cref="HeldBucketStore"/>) holds the read at that document until
/// the test writes it and lets it be opened, so what the client sees before the read finishes is observed without any timing.
/// </summary>
public sealed class BucketStreamingTests
{
    private static readonly string Lines = string.Concat(Enumerable.Repeat(new string('a', 99) + "\n", 100));

    [Fact]
    public async Task The_first_load_frame_arrives_before_the_read_finishes()
    {
        await using var factory = Holding("b.md");
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.md", Lines), Text("b.md", "placeholder"));

        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();

        first.Should().MatchRegex("""^data: \{"action":"load","size":\d+\}$""", "the read is held at b.md, so this frame came while it ran");
        var release = Release(factory, "bee");
        var rest = await reader.ReadToEndAsync();
        await release.WaitAsync(TimeSpan.FromMinutes(1));
        var total = Encoding.UTF8.GetByteCount($"<!-- File: a.md -->\n{Lines.TrimEnd()}\n<-- End -->\n\n<!-- File: b.md -->\nbee\n<-- End -->\n\n");
        rest.Should().EndWith($"data: {{\"action\":\"done\",\"size\":{total}}}\n\n");
    }

    [Fact]
    public async Task A_file_list_written_by_an_upload_during_a_read_survives_the_read()
    {
        await using var factory = Holding("b.md");
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.md", Lines), Text("b.md", "placeholder"));
        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();

        await client.UploadJsonAsync(BucketId, Text("new.txt", "fresh"));
        var release = Release(factory, "bee");
        var rest = await reader.ReadToEndAsync();
        await release.WaitAsync(TimeSpan.FromMinutes(1));

        rest.Should().NotContain("delete_files", "the list this read started with is gone, so nothing was removed");
        File.ReadAllText(Path.Combine(factory.DataDirectory, "buckets", BucketId, "files.txt")).Should().Be("new.txt.md\n");
    }

    // The document held until Release: the read waits there, as it would on a slow store.
    private static BackendFactory Holding(string name) => new(new Dictionary<string, string?>(), services =>
        services.AddSingleton<IBucketStore>(sp => new HeldBucketStore(ActivatorUtilities.CreateInstance<FileSystemBucketStore>(sp), name)));

    // The held document gets its text, then the read may open it.
    private static Task Release(BackendFactory factory, string text)
    {
        File.WriteAllText(Path.Combine(factory.DataDirectory, "buckets", BucketId, "b.md"), text);
        ((HeldBucketStore)factory.Services.GetRequiredService<IBucketStore>()).Release();
        return Task.CompletedTask;
    }
}
