using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The sample does not watch its content root: the data directory lies inside it by default, and a recursive watch
/// would take an inotify watch for each of its folders and an event for each file written.
/// </summary>
public sealed class SampleFileWatchTests
{
    [Fact]
    public async Task Folders_made_under_the_content_root_take_no_inotify_watch_of_the_server()
    {
        // The tests turn configuration reloading off for every host they start (TestEnvironment); this one runs with the
        // environment a user's server has, where it is on unless the sample turns it off itself.
        await using var server = await SampleServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["DOTNET_hostBuilder__reloadConfigOnChange"] = "true",
        });
        var contentRoot = Path.GetDirectoryName(G4F.Backend.Testing.SampleProcess.AssemblyPath())!;
        var probe = Path.Combine(contentRoot, "watch-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            var before = InotifyWatches(server.Id);
            for (var i = 0; i < 20; i++)
            {
                Directory.CreateDirectory(Path.Combine(probe, $"bucket-{i}", "media"));
            }

            // A recursive watcher adds a watch for a new folder when its event arrives (within milliseconds when it works):
            // the count is read until it moves, for a few seconds at most.
            await File.WriteAllTextAsync(Path.Combine(probe, "bucket-0", "usage.jsonl"), "{}\n");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var after = InotifyWatches(server.Id);
            while (after == before && clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(50);
                after = InotifyWatches(server.Id);
            }

            after.Should().Be(before, "40 folders under the content root must not each be watched");
        }
        finally
        {
            Directory.Delete(probe, recursive: true);
        }
    }

    /// <summary>The inotify watches the process holds, over all its inotify instances (from /proc/&lt;pid&gt;/fdinfo).</summary>
    private static int InotifyWatches(int pid)
    {
        var watches = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.Contains("inotify", StringComparison.Ordinal))
                {
                    watches += File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal));
                }
            }
            catch (IOException)
            {
                // The descriptor closed in between.
            }
        }

        return watches;
    }
}
