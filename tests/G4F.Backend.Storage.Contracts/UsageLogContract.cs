using System.Text;
using FluentAssertions;
using G4F.Backend.Usage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="IUsageLog"/> guarantees: lines served as appended, per UTC day of the clock, filtered by user
/// as the statistics count them, statistics by the rules of PROTOCOL 5.3, and concurrent appends that lose and repeat
/// nothing. Each test writes to a day of its own far in the future, so a store over a shared database can run the suite.
/// </summary>
public abstract class UsageLogContract
{
    /// <summary>A generous bound for waits that should end; it only matters when the store is broken.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private readonly FakeTimeProvider _clock;
    private readonly DateOnly _today;

    /// <summary>Sets the clock to noon UTC of a day no other test writes to.</summary>
    protected UsageLogContract()
    {
        _today = new DateOnly(2100, 1, 1).AddDays(Random.Shared.Next(0, 365 * 200));
        _clock = new FakeTimeProvider(new DateTimeOffset(_today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
    }

    /// <summary>A store to test whose "today" comes from <paramref name="clock"/>.</summary>
    /// <param name="clock">The store's time provider.</param>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IUsageLog> CreateLogAsync(TimeProvider clock);

    private static UsageLine Usage(string json) => new(Encoding.UTF8.GetBytes(json));

    private static async Task<string?> ReadAsync(Stream? stream)
    {
        if (stream is null)
        {
            return null;
        }

        await using (stream)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadToEndAsync();
        }
    }

    [Fact]
    public async Task Usage_lines_are_served_byte_for_byte_in_order_each_ending_in_a_newline()
    {
        var log = await CreateLogAsync(_clock);
        string[] lines = ["""{"user":"ann","model":"m","total_tokens":5}""", """{"a": [1, 2], "note": "caf\u00e9 🦊"}""", "{}"];
        foreach (var line in lines)
        {
            await log.AppendUsageAsync(Usage(line));
        }

        (await ReadAsync(await log.OpenUsageDayAsync(_today))).Should().Be(string.Concat(lines.Select(l => l + "\n")));
    }

    [Fact]
    public async Task A_day_without_usage_is_null()
    {
        var log = await CreateLogAsync(_clock);

        (await log.OpenUsageDayAsync(_today)).Should().BeNull();
        await log.AppendUsageAsync(Usage("""{"user":"ann"}"""));
        (await log.OpenUsageDayAsync(_today.AddDays(-1))).Should().BeNull();
        (await log.OpenClientLogDayAsync(_today)).Should().BeNull("usage lines are not client log lines");
    }

    [Fact]
    public async Task A_day_is_the_utc_date_of_the_clock_when_the_append_is_made()
    {
        var log = await CreateLogAsync(_clock);
        _clock.SetUtcNow(new DateTimeOffset(_today.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero));
        await log.AppendUsageAsync(Usage("""{"n":1}"""));
        _clock.Advance(TimeSpan.FromSeconds(2));
        await log.AppendUsageAsync(Usage("""{"n":2}"""));

        (await ReadAsync(await log.OpenUsageDayAsync(_today))).Should().Be("{\"n\":1}\n");
        (await ReadAsync(await log.OpenUsageDayAsync(_today.AddDays(1)))).Should().Be("{\"n\":2}\n");
    }

    [Fact]
    public async Task A_day_read_for_one_user_holds_only_that_users_lines_and_lines_without_one_are_unknowns()
    {
        var log = await CreateLogAsync(_clock);
        await log.AppendUsageAsync(Usage("""{"user":"ann","n":1}"""));
        await log.AppendUsageAsync(Usage("""{"user":"bob","n":2}"""));
        await log.AppendUsageAsync(Usage("""{"n":3}"""));
        await log.AppendUsageAsync(Usage("""{"user":"ann","n":4}"""));
        await log.AppendUsageAsync(Usage("""{"user":"Ann","n":5}"""));

        (await ReadAsync(await log.OpenUsageDayAsync(_today, "ann"))).Should().Be("{\"user\":\"ann\",\"n\":1}\n{\"user\":\"ann\",\"n\":4}\n");
        (await ReadAsync(await log.OpenUsageDayAsync(_today, "unknown"))).Should().Be("{\"n\":3}\n");
        (await log.OpenUsageDayAsync(_today, "carol")).Should().BeNull("a day without the user's lines has nothing to serve");
    }

    [Fact]
    public async Task A_day_is_served_as_it_stood_when_opened()
    {
        var log = await CreateLogAsync(_clock);
        await log.AppendUsageAsync(Usage("""{"n":1}"""));

        var open = await log.OpenUsageDayAsync(_today);
        await log.AppendUsageAsync(Usage("""{"n":2}"""));

        (await ReadAsync(open)).Should().Be("{\"n\":1}\n");
    }

    [Fact]
    public async Task Client_log_lines_are_kept_apart_from_usage()
    {
        var log = await CreateLogAsync(_clock);
        await log.AppendClientLogAsync(new ClientLogLine("""{"origin":null,"type":"error"}"""u8.ToArray()));

        (await ReadAsync(await log.OpenClientLogDayAsync(_today))).Should().Be("{\"origin\":null,\"type\":\"error\"}\n");
        (await log.OpenUsageDayAsync(_today)).Should().BeNull();
    }

    [Fact]
    public async Task Statistics_count_requests_and_tokens_per_model_provider_user_and_day()
    {
        var log = await CreateLogAsync(_clock);
        // Two days ago (the clock only moves forward): the first line, then today's.
        await log.AppendUsageAsync(Usage("""{"user":"ann","model":"a","provider":"P","prompt_tokens":1,"completion_tokens":2,"total_tokens":3}"""));
        _clock.SetUtcNow(_clock.GetUtcNow().AddDays(2));
        // Total absent or 0: prompt + completion. Counts as numeric strings are counted; unusable ones are absent.
        await log.AppendUsageAsync(Usage("""{"user":"bob","model":"b","prompt_tokens":"10","completion_tokens":5,"saved_tokens":2}"""));
        await log.AppendUsageAsync(Usage("""{"model":"a","provider":"P","prompt_tokens":-4,"completion_tokens":"many","total_tokens":0}"""));
        await log.AppendUsageAsync(Usage("""{"user":"ann","model":"b","provider":"Q","prompt_tokens":7,"total_tokens":100}"""));

        var all = await log.GetStatisticsAsync(3);

        all.Totals.Should().Be(new UsageTotals(4, 18, 7, 2, 118));
        all.Days.Should().Equal(new UsageDay(_today, 1, 1, 2, 0, 3), new UsageDay(_today.AddDays(2), 3, 17, 5, 2, 115));
        all.Models.Should().Equal(new Dictionary<string, UsageTotals> { ["b"] = new(2, 17, 5, 2, 115), ["a"] = new(2, 1, 2, 0, 3) });
        all.Models.Keys.Should().Equal("b", "a");
        all.Providers.Keys.Should().Equal("Q", "unknown", "P");
        all.Providers["unknown"].Should().Be(new UsageTotals(1, 10, 5, 2, 15));
        all.Users.Keys.Should().Equal("ann", "bob", "unknown");
        all.Users["ann"].Should().Be(new UsageTotals(2, 8, 2, 0, 103));

        var ann = await log.GetStatisticsAsync(3, "ann");
        ann.Totals.Should().Be(new UsageTotals(2, 8, 2, 0, 103));
        ann.Users.Keys.Should().Equal("ann");

        var today = await log.GetStatisticsAsync(1, "ann");
        today.Totals.Should().Be(new UsageTotals(1, 7, 0, 0, 100));
        today.Days.Should().Equal(new UsageDay(_today.AddDays(2), 1, 7, 0, 0, 100));
    }

    [Fact]
    public async Task Statistics_of_groups_with_equal_totals_are_ordered_by_name()
    {
        var log = await CreateLogAsync(_clock);
        var user = "tie-" + Guid.NewGuid().ToString("N");
        foreach (var model in new[] { "c", "a", "b" })
        {
            await log.AppendUsageAsync(Usage($$"""{"user":"{{user}}","model":"{{model}}","total_tokens":1}"""));
        }

        (await log.GetStatisticsAsync(1, user)).Models.Keys.Should().Equal("a", "b", "c");
    }

    [Fact]
    public async Task Statistics_list_the_top_hundred_groups_and_sum_the_rest_under_other()
    {
        var log = await CreateLogAsync(_clock);
        var user = "top-" + Guid.NewGuid().ToString("N");
        // 105 models (and providers of the same name) with distinct totals: m000 has the most. Then the name "other"
        // itself and a name of 257 bytes, which are never listed on their own.
        for (var i = 0; i < 105; i++)
        {
            var name = "m" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
            await log.AppendUsageAsync(Usage($$"""{"user":"{{user}}","model":"{{name}}","provider":"{{name}}","prompt_tokens":1,"total_tokens":{{1000 - i}}}"""));
        }

        var tooLong = new string('x', 257);
        await log.AppendUsageAsync(Usage($$"""{"user":"{{user}}","model":"other","provider":"other","prompt_tokens":1,"total_tokens":5}"""));
        await log.AppendUsageAsync(Usage($$"""{"user":"{{user}}","model":"{{tooLong}}","provider":"{{tooLong}}","prompt_tokens":1,"total_tokens":7}"""));

        var statistics = await log.GetStatisticsAsync(1, user);

        // m100..m104 (900 + 899 + 898 + 897 + 896 = 4490), "other" (5) and the long name (7): 7 requests, 4502 tokens.
        var other = new UsageTotals(7, 7, 0, 0, 4502);
        var expected = new[] { "other" }.Concat(Enumerable.Range(0, 100).Select(i => "m" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var groups in new[] { statistics.Models, statistics.Providers })
        {
            groups.Keys.Should().Equal(expected);
            groups["other"].Should().Be(other);
            groups["m099"].Should().Be(new UsageTotals(1, 1, 0, 0, 901));
            // Honest sums: the listed groups add up to the totals exactly.
            groups.Values.Sum(g => g.Requests).Should().Be(statistics.Totals.Requests);
            groups.Values.Sum(g => g.TotalTokens).Should().Be(statistics.Totals.TotalTokens);
        }

        statistics.Totals.Should().Be(new UsageTotals(107, 107, 0, 0, Enumerable.Range(0, 105).Sum(i => 1000L - i) + 12));
        statistics.Users.Keys.Should().Equal(user);
    }

    [Fact]
    public async Task The_hundredth_group_among_equal_totals_is_chosen_by_code_point_order()
    {
        var log = await CreateLogAsync(_clock);
        var user = "cut-" + Guid.NewGuid().ToString("N");
        // 99 names before both of the last two; then U+FF5E and U+1F600, which UTF-16 orders the other way round.
        var names = Enumerable.Range(0, 99).Select(i => "a" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).Append("b\uFF5E").Append("b\uD83D\uDE00");
        foreach (var name in names.Reverse())
        {
            await log.AppendUsageAsync(Usage($$"""{"user":"{{user}}","model":"{{name}}","total_tokens":1}"""));
        }

        var models = (await log.GetStatisticsAsync(1, user)).Models;

        models.Should().HaveCount(101);
        models.Keys.First().Should().Be("a00");
        models.Keys.Should().Contain("b\uFF5E").And.NotContain("b\uD83D\uDE00");
        models.Keys.Last().Should().Be("other");
        models["other"].Should().Be(new UsageTotals(1, 0, 0, 0, 1));
    }

    [Fact]
    public async Task Statistics_of_a_user_without_lines_are_empty()
    {
        var log = await CreateLogAsync(_clock);

        var statistics = await log.GetStatisticsAsync(30, "nobody-" + Guid.NewGuid().ToString("N"));

        statistics.Days.Should().BeEmpty();
        statistics.Models.Should().BeEmpty();
        statistics.Totals.Should().Be(new UsageTotals(0, 0, 0, 0, 0));
    }

    [Fact]
    public async Task Two_hundred_concurrent_appends_are_all_present_exactly_once()
    {
        var log = await CreateLogAsync(_clock);
        var padding = new string('y', 2000);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            await log.AppendUsageAsync(Usage($$"""{"user":"ann","i":{{i}},"total_tokens":1,"pad":"{{padding}}"}"""));
            await log.AppendClientLogAsync(new ClientLogLine(Encoding.UTF8.GetBytes($$"""{"i":{{i}}}""")));
        }))).WaitAsync(Bound);

        var usage = (await ReadAsync(await log.OpenUsageDayAsync(_today)))!.Split('\n');
        usage[^1].Should().BeEmpty();
        usage[..^1].Order(StringComparer.Ordinal).Should().Equal(
            Enumerable.Range(0, 200).Select(i => $$"""{"user":"ann","i":{{i}},"total_tokens":1,"pad":"{{padding}}"}""").Order(StringComparer.Ordinal),
            "no line is lost, repeated, torn or interleaved");
        var logs = (await ReadAsync(await log.OpenClientLogDayAsync(_today)))!.Split('\n')[..^1];
        logs.Order(StringComparer.Ordinal).Should().Equal(Enumerable.Range(0, 200).Select(i => $$"""{"i":{{i}}}""").Order(StringComparer.Ordinal));
        (await log.GetStatisticsAsync(1, "ann")).Totals.Requests.Should().Be(200);
    }
}
