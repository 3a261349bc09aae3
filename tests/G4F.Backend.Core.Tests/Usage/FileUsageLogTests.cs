using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

public sealed class FileUsageLogTests : IDisposable
{
    private readonly UsageLogHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_usage_line_goes_to_todays_file_under_usage_as_one_compact_line()
    {
        await _harness.Log.AppendUsageAsync(new JsonObject { ["user"] = "ann", ["model"] = "m", ["note"] = "two\nlines", ["total_tokens"] = 5 });

        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"user\":\"ann\",\"model\":\"m\",\"note\":\"two\\nlines\",\"total_tokens\":5}\n");
    }

    [Fact]
    public async Task A_client_log_line_goes_to_todays_file_under_logs()
    {
        await _harness.Log.AppendClientLogAsync(new JsonObject { ["origin"] = null, ["type"] = "error" });

        File.ReadAllText(_harness.LogFile(UsageLogHarness.Today)).Should().Be("{\"origin\":null,\"type\":\"error\"}\n");
        File.Exists(_harness.UsageFile(UsageLogHarness.Today)).Should().BeFalse();
    }

    [Fact]
    public async Task The_day_is_the_utc_date_of_the_time_provider()
    {
        _harness.Time.SetUtcNow(new DateTimeOffset(2026, 8, 20, 23, 59, 59, TimeSpan.Zero));
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 1 });
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 2 });

        File.ReadAllText(_harness.UsageFile(new DateOnly(2026, 8, 20))).Should().Be("{\"n\":1}\n");
        File.ReadAllText(_harness.UsageFile(new DateOnly(2026, 8, 21))).Should().Be("{\"n\":2}\n");
    }

    [Fact]
    public async Task The_entry_is_taken_when_the_call_is_made()
    {
        var entry = new JsonObject { ["n"] = 1 };

        var append = _harness.Log.AppendUsageAsync(entry);
        entry["n"] = 2;
        _harness.Time.Advance(TimeSpan.FromDays(1));
        await append;

        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"n\":1}\n");
    }

    [Fact]
    public async Task Parsed_text_that_is_not_valid_unicode_is_refused_and_nothing_is_written()
    {
        await _harness.Log.Invoking(l => l.AppendUsageAsync(JsonNode.Parse("{\"a\":\"\\ud800\"}")!.AsObject())).Should().ThrowAsync<ArgumentException>();
        await _harness.Log.Invoking(l => l.AppendClientLogAsync(JsonNode.Parse("{\"a\":[\"\\udc00x\"]}")!.AsObject())).Should().ThrowAsync<ArgumentException>();

        Directory.Exists(Path.Combine(_harness.DataDirectory, "usage")).Should().BeFalse();
        Directory.Exists(Path.Combine(_harness.DataDirectory, "logs")).Should().BeFalse();
    }

    [Fact]
    public async Task An_unpaired_surrogate_in_a_dotnet_string_is_written_as_the_replacement_character()
    {
        await _harness.Log.AppendUsageAsync(new JsonObject { ["a"] = "x\ud800" });

        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"a\":\"x\\uFFFD\"}\n");
    }

    [Fact]
    public async Task A_line_torn_by_a_crash_is_ended_before_the_next_line()
    {
        _harness.WriteRaw(UsageLogHarness.Today, "{\"n\":1}\n{\"n\":");

        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 2 });
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 3 });

        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"n\":1}\n{\"n\":\n{\"n\":2}\n{\"n\":3}\n");
    }

    [Fact]
    public async Task A_line_torn_while_the_process_runs_is_ended_before_the_next_line()
    {
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 1 });

        // What a write that failed midway (a full disk) leaves behind when it cannot be cut back.
        await File.AppendAllTextAsync(_harness.UsageFile(UsageLogHarness.Today), "{\"n\":");
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 2 });

        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"n\":1}\n{\"n\":\n{\"n\":2}\n");
        (await _harness.Log.GetStatisticsAsync(1)).Should().NotBeNull();
    }

    [Fact]
    public async Task A_failing_write_throws_and_the_next_append_still_starts_its_own_line()
    {
        if (!File.Exists("/dev/full"))
        {
            return;
        }

        // Writes to /dev/full fail with "no space left on device": the day file is made one for the first append.
        var file = _harness.UsageFile(UsageLogHarness.Today);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.CreateSymbolicLink(file, "/dev/full");

        var failing = () => _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 1 });

        await failing.Should().ThrowAsync<IOException>();
        File.Delete(file);
        File.WriteAllText(file, "{\"n\":0}\n{\"n\":");
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 2 });
        File.ReadAllText(file).Should().Be("{\"n\":0}\n{\"n\":\n{\"n\":2}\n");
    }

    [Fact]
    public async Task Reading_a_day_returns_its_raw_lines()
    {
        _harness.WriteRaw(new DateOnly(2026, 1, 2), "{\"a\":1}\nnot json\n");

        var text = await ReadDayAsync(new DateOnly(2026, 1, 2));

        text.Should().Be("{\"a\":1}\nnot json\n");
    }

    [Fact]
    public async Task Reading_a_day_without_a_file_returns_null()
    {
        (await _harness.Log.OpenUsageDayAsync(new DateOnly(2026, 1, 2))).Should().BeNull();

        _harness.WriteUsage(new DateOnly(2026, 1, 3), "{}");
        (await _harness.Log.OpenUsageDayAsync(new DateOnly(2026, 1, 2))).Should().BeNull();
    }

    [Fact]
    public async Task Reading_a_day_serves_it_as_it_stood_when_opened()
    {
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 1 });

        var stream = await _harness.Log.OpenUsageDayAsync(UsageLogHarness.Today);
        await _harness.Log.AppendUsageAsync(new JsonObject { ["n"] = 2 });
        using var reader = new StreamReader(stream!, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();

        text.Should().Be("{\"n\":1}\n");
        File.ReadAllText(_harness.UsageFile(UsageLogHarness.Today)).Should().Be("{\"n\":1}\n{\"n\":2}\n");
    }

    private async Task<string> ReadDayAsync(DateOnly date)
    {
        var stream = await _harness.Log.OpenUsageDayAsync(date);
        stream.Should().NotBeNull();
        using var reader = new StreamReader(stream!, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
