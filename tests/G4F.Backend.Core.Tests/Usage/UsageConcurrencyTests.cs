using System.Text.Json.Nodes;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

public sealed class UsageConcurrencyTests : IDisposable
{
    private readonly UsageLogHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Hundreds_of_parallel_appends_across_midnight_lose_no_line_and_tear_none()
    {
        const int BeforeMidnight = 400;
        const int AfterMidnight = 400;
        // Lines longer than a page make an interleaved or torn write visible.
        var padding = new string('x', 20000);
        _harness.Time.SetUtcNow(new DateTimeOffset(2026, 8, 20, 23, 59, 59, TimeSpan.Zero));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var called = 0;

        var first = Enumerable.Range(0, BeforeMidnight).Select(i => Task.Run(async () =>
        {
            await go.Task;
            var append = Append(i, padding);
            // The call fixes the day; the write may still be waiting for the file.
            Interlocked.Increment(ref called);
            await append;
        })).ToList();
        go.SetResult();
        SpinWait.SpinUntil(() => Volatile.Read(ref called) == BeforeMidnight, TimeSpan.FromSeconds(30)).Should().BeTrue();
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        var second = Enumerable.Range(BeforeMidnight, AfterMidnight).Select(i => Task.Run(() => Append(i, padding))).ToList();
        await Task.WhenAll(first.Concat(second));

        Numbers(new DateOnly(2026, 8, 20), padding).Should().BeEquivalentTo(Enumerable.Range(0, BeforeMidnight));
        Numbers(new DateOnly(2026, 8, 21), padding).Should().BeEquivalentTo(Enumerable.Range(BeforeMidnight, AfterMidnight));
    }

    [Fact]
    public async Task Statistics_read_while_appends_run_count_only_whole_lines()
    {
        var appends = Enumerable.Range(0, 400).Select(i => Task.Run(() => _harness.Log.AppendUsageAsync(new JsonObject { ["model"] = "m", ["total_tokens"] = 1, ["pad"] = new string('y', 3000) }))).ToList();
        var readings = new List<long>();
        while (!appends.All(a => a.IsCompleted))
        {
            readings.Add((await _harness.Log.GetStatisticsAsync(1)).Totals.Requests);
        }

        await Task.WhenAll(appends);
        var final = await _harness.Log.GetStatisticsAsync(1);

        final.Totals.Should().Be(new G4F.Backend.Usage.UsageTotals(400, 0, 0, 0, 400));
        readings.Should().OnlyContain(r => r >= 0 && r <= 400).And.BeInAscendingOrder();
    }

    private Task Append(int i, string padding) => _harness.Log.AppendUsageAsync(new JsonObject { ["i"] = i, ["pad"] = padding });

    private List<int> Numbers(DateOnly date, string padding)
    {
        var text = File.ReadAllText(_harness.UsageFile(date));
        text.Should().EndWith("\n");
        var numbers = new List<int>();
        foreach (var line in text[..^1].Split('\n'))
        {
            var entry = JsonNode.Parse(line)!.AsObject();
            entry.Select(p => p.Key).Should().Equal("i", "pad");
            entry["pad"]!.GetValue<string>().Should().Be(padding);
            numbers.Add(entry["i"]!.GetValue<int>());
        }

        return numbers;
    }
}
