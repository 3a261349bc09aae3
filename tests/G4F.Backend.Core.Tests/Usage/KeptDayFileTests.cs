using System.Text.Json.Nodes;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>The day file <see cref="FileUsageLog"/> keeps open between appends, on real files.</summary>
public sealed class KeptDayFileTests : IDisposable
{
    private readonly UsageLogHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Appends_from_many_parallel_writers_are_each_present_exactly_once()
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            await go.Task;
            for (var i = 0; i < 50; i++)
            {
                await Append((w * 1000) + i);
            }
        })).ToList();
        go.SetResult();
        await Task.WhenAll(writers);

        Numbers(_harness.UsageFile(UsageLogHarness.Today)).Should().BeEquivalentTo(
            Enumerable.Range(0, 16).SelectMany(w => Enumerable.Range(w * 1000, 50)));
    }

    [Fact]
    public async Task A_file_deleted_between_two_appends_gets_the_next_line_in_a_new_file()
    {
        await Append(1);

        File.Delete(_harness.UsageFile(UsageLogHarness.Today));
        await Append(2);

        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"n\":2}\n");
    }

    [Fact]
    public async Task A_purged_usage_folder_gets_the_next_line_in_a_new_folder_and_file()
    {
        await Append(1);

        Directory.Delete(Path.Combine(_harness.DataDirectory, "usage"), recursive: true);
        await Append(2);

        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"n\":2}\n");
    }

    [Fact]
    public async Task A_file_replaced_by_one_of_the_same_length_gets_the_next_line()
    {
        await Append(1);
        var file = _harness.UsageFile(UsageLogHarness.Today);

        // As an editor's "save" or sed -i does: a new file renamed over the old one, here of the very same length.
        var replacement = file + ".new";
        File.WriteAllText(replacement, "{\"n\":7}\n");
        File.Move(replacement, file, overwrite: true);
        await Append(2);

        File.ReadAllText(file).Should().Be("{\"n\":7}\n{\"n\":2}\n");
    }

    [Fact]
    public async Task A_file_replaced_by_one_with_a_torn_tail_gets_the_tail_ended_before_the_next_line()
    {
        await Append(1);
        var file = _harness.UsageFile(UsageLogHarness.Today);

        var replacement = file + ".new";
        File.WriteAllText(replacement, "{\"n\":1}\n{\"n\":");
        File.Move(replacement, file, overwrite: true);
        await Append(2);

        File.ReadAllText(file).Should().Be("{\"n\":1}\n{\"n\":\n{\"n\":2}\n");
    }

    [Fact]
    public async Task A_torn_tail_written_in_place_by_someone_else_is_ended_before_the_next_line()
    {
        await Append(1);
        var file = _harness.UsageFile(UsageLogHarness.Today);

        // Another writer (a second instance sharing the folder, a crash of one) leaves part of a line in the same file.
        using (var other = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            other.Seek(0, SeekOrigin.End);
            other.Write("{\"x\":"u8);
        }

        await Append(2);

        File.ReadAllText(file).Should().Be("{\"n\":1}\n{\"x\":\n{\"n\":2}\n");
    }

    [Fact]
    public async Task The_day_switch_writes_to_the_new_days_file_and_lets_go_of_the_old_one()
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            return;
        }

        _harness.Time.SetUtcNow(new DateTimeOffset(2026, 8, 20, 23, 59, 59, TimeSpan.Zero));
        await Append(1);
        var before = _harness.UsageFile(new DateOnly(2026, 8, 20));
        OpenHandlesTo(before).Should().Be(1);

        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Append(2);

        var after = _harness.UsageFile(new DateOnly(2026, 8, 21));
        File.ReadAllText(before).Should().Be("{\"n\":1}\n");
        File.ReadAllText(after).Should().Be("{\"n\":2}\n");
        OpenHandlesTo(before).Should().Be(0);
        OpenHandlesTo(after).Should().Be(1);
    }

    [Fact]
    public async Task Disposing_closes_the_kept_files_and_a_later_append_still_writes()
    {
        await Append(1);
        await _harness.Log.AppendClientLogAsync(new JsonObject { ["type"] = "error" });
        var usage = _harness.UsageFile(UsageLogHarness.Today);
        var logs = _harness.LogFile(UsageLogHarness.Today);

        _harness.Log.Dispose();

        if (Directory.Exists("/proc/self/fd"))
        {
            OpenHandlesTo(usage).Should().Be(0);
            OpenHandlesTo(logs).Should().Be(0);
        }

        await Append(2);
        File.ReadAllText(usage).Should().Be("{\"n\":1}\n{\"n\":2}\n");
        if (Directory.Exists("/proc/self/fd"))
        {
            OpenHandlesTo(usage).Should().Be(0);
        }
    }

    [Fact]
    public async Task A_day_read_while_the_writer_keeps_its_file_open_ends_after_a_whole_line()
    {
        await Append(1);
        await Append(2);

        var stream = await _harness.Log.OpenUsageDayAsync(UsageLogHarness.Today);
        await Append(3);
        using var reader = new StreamReader(stream!);

        (await reader.ReadToEndAsync()).Should().Be("{\"n\":1}\n{\"n\":2}\n");
        (await _harness.Log.GetStatisticsAsync(1)).Totals.Requests.Should().Be(3);
    }

    /// <summary>How many of this process's descriptors point at <paramref name="path"/> (Linux).</summary>
    private static int OpenHandlesTo(string path)
    {
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == path)
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // A descriptor closed while the folder was listed.
            }
        }

        return count;
    }

    private static List<int> Numbers(string path)
    {
        var text = File.ReadAllText(path);
        text.Should().EndWith("\n");
        return [.. text[..^1].Split('\n').Select(l => JsonNode.Parse(l)!["n"]!.GetValue<int>())];
    }

    private Task Append(int n) => _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = n });
}
