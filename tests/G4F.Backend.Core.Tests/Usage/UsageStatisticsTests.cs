using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>Aggregation over hand-written files; every expected number is worked out in the comments.</summary>
public sealed class UsageStatisticsTests : IDisposable
{
    private static readonly DateOnly Today = UsageLogHarness.Today;
    private readonly UsageLogHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private void WriteTwoDays()
    {
        _harness.WriteUsage(
            Today.AddDays(-2),
            """{"user":"ann","model":"gpt-4o-mini","provider":"OpenRouter","prompt_tokens":10,"completion_tokens":20,"total_tokens":30}""",
            // No total: 5 + 5.
            """{"user":"bob","model":"llama3","provider":"Ollama","prompt_tokens":5,"completion_tokens":5}""");
        _harness.WriteUsage(
            Today,
            // No user: unknown.
            """{"model":"gpt-4o-mini","provider":"OpenRouter","prompt_tokens":100,"completion_tokens":50,"total_tokens":150,"saved_tokens":7}""",
            // No model or provider: unknown; total 1 + 0.
            """{"user":"ann","prompt_tokens":1}""");
    }

    [Fact]
    public async Task Lines_are_summed_per_day_model_provider_and_user()
    {
        WriteTwoDays();

        var stats = await _harness.Log.GetStatisticsAsync(30);

        // Yesterday has no file, so no entry; oldest first.
        stats.Days.Should().Equal(
            new UsageDay(Today.AddDays(-2), 2, 15, 25, 0, 40),
            new UsageDay(Today, 2, 101, 50, 7, 151));
        stats.Models.ToList().Should().Equal(
            Pair("gpt-4o-mini", new UsageTotals(2, 110, 70, 7, 180)),
            Pair("llama3", new UsageTotals(1, 5, 5, 0, 10)),
            Pair("unknown", new UsageTotals(1, 1, 0, 0, 1)));
        stats.Providers.ToList().Should().Equal(
            Pair("OpenRouter", new UsageTotals(2, 110, 70, 7, 180)),
            Pair("Ollama", new UsageTotals(1, 5, 5, 0, 10)),
            Pair("unknown", new UsageTotals(1, 1, 0, 0, 1)));
        // unknown 150 > ann 30 + 1 > bob 10.
        stats.Users.ToList().Should().Equal(
            Pair("unknown", new UsageTotals(1, 100, 50, 7, 150)),
            Pair("ann", new UsageTotals(2, 11, 20, 0, 31)),
            Pair("bob", new UsageTotals(1, 5, 5, 0, 10)));
        stats.Totals.Should().Be(new UsageTotals(4, 116, 75, 7, 191));
    }

    [Fact]
    public async Task The_user_filter_is_exact_and_counts_lines_without_a_user_as_unknown()
    {
        WriteTwoDays();

        var ann = await _harness.Log.GetStatisticsAsync(30, "ann");
        var unknown = await _harness.Log.GetStatisticsAsync(30, "unknown");
        var nobody = await _harness.Log.GetStatisticsAsync(30, "Ann");

        ann.Days.Should().Equal(new UsageDay(Today.AddDays(-2), 1, 10, 20, 0, 30), new UsageDay(Today, 1, 1, 0, 0, 1));
        ann.Users.Keys.Should().Equal("ann");
        ann.Models.Keys.Should().Equal("gpt-4o-mini", "unknown");
        ann.Totals.Should().Be(new UsageTotals(2, 11, 20, 0, 31));
        unknown.Totals.Should().Be(new UsageTotals(1, 100, 50, 7, 150));
        unknown.Users.Keys.Should().Equal("unknown");
        nobody.Days.Should().BeEmpty();
        nobody.Models.Should().BeEmpty();
        nobody.Totals.Should().Be(new UsageTotals(0, 0, 0, 0, 0));
    }

    [Fact]
    public async Task Odd_lines_are_skipped_or_read_leniently_and_never_fail()
    {
        var lines = new[]
        {
            "",
            "   ",
            "null",
            "[1,2,3]",
            "\"text\"",
            "42",
            """{"model":"m","prompt_tokens":5""",                              // torn
            """{"model":"m"} trailing""",                                       // text after the object
            """{"model":"m"}{"model":"n"}""",                                   // two objects
            // 1: nulls everywhere: unknown names, zero tokens.
            """{"model":null,"provider":null,"user":null,"prompt_tokens":null,"completion_tokens":null,"total_tokens":null}""",
            // 2: names that are not strings are unknown; "7" is 7, "3.9" is 3, "lots" is absent so total = 7 + 3.
            """{"model":42,"provider":{"name":"x"},"user":["a"],"prompt_tokens":"7","completion_tokens":"3.9","total_tokens":"lots"}""",
            // 3: negative, boolean, non-numeric string and out-of-range values are absent: all 0.
            """{"model":"m","prompt_tokens":-5,"completion_tokens":true,"saved_tokens":"x","total_tokens":1e400}""",
            // 4: a prompt beyond 2^63 is absent; total = 0 + 2.
            """{"model":"m","prompt_tokens":99999999999999999999,"completion_tokens":2}""",
            // 5: 12.0 is 12; a total of 0 falls back to 12 + 1.
            """{"model":"m","prompt_tokens":12.0,"completion_tokens":1,"total_tokens":0}""",
            // 6: the last of a repeated key wins: model n, prompt 2, total 2.
            """{"model":"m","model":"n","prompt_tokens":1,"prompt_tokens":2}""",
            // 7: escapes are read; nested objects and arrays are not fields of the line.
            """{"mo\u0064el":"gpt\u002d4","user":"\u00e9mile","nested":{"model":"ignored","prompt_tokens":1000},"list":[{"total_tokens":5}],"prompt_tokens":4}""",
            // 8: empty names are unknown.
            """{"model":"","provider":"","user":""}""",
            // 9: CRLF line ending: completion 3, total 3.
            "{\"model\":\"n\",\"completion_tokens\":3}\r",
            // 10: numeric strings may carry spaces; "-1" is absent; saved 5; total 8 + 0.
            """{"saved_tokens":5,"prompt_tokens":"  8 ","completion_tokens":"-1"}""",
        };
        byte[] invalidUtf8 = [.. "{\"model\":\""u8, 0xFF, .. "\"}\n"u8];
        _harness.WriteBytes(Today, [.. System.Text.Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))), .. invalidUtf8, .. "{\"model\":\"n\""u8]);

        var stats = await _harness.Log.GetStatisticsAsync(1);

        // Counted: lines 1-10. prompt 7 + 12 + 2 + 4 + 8 = 33; completion 3 + 2 + 1 + 3 = 9; saved 5;
        // total 0 + 10 + 0 + 2 + 13 + 2 + 4 + 0 + 3 + 8 = 42.
        stats.Totals.Should().Be(new UsageTotals(10, 33, 9, 5, 42));
        stats.Days.Should().Equal(new UsageDay(Today, 10, 33, 9, 5, 42));
        // unknown: lines 1, 2, 8, 10 (total 18); m: 3, 4, 5 (15); n: 6, 9 (5); gpt-4: 7 (4).
        stats.Models.ToList().Should().Equal(
            Pair("unknown", new UsageTotals(4, 15, 3, 5, 18)),
            Pair("m", new UsageTotals(3, 12, 3, 0, 15)),
            Pair("n", new UsageTotals(2, 2, 3, 0, 5)),
            Pair("gpt-4", new UsageTotals(1, 4, 0, 0, 4)));
        stats.Providers.ToList().Should().Equal(new[] { Pair("unknown", new UsageTotals(10, 33, 9, 5, 42)) });
        stats.Users.ToList().Should().Equal(
            Pair("unknown", new UsageTotals(9, 29, 9, 5, 38)),
            Pair("émile", new UsageTotals(1, 4, 0, 0, 4)));
    }

    [Fact]
    public async Task Huge_sums_saturate_instead_of_overflowing()
    {
        _harness.WriteUsage(
            Today,
            """{"total_tokens":9223372036854775807}""",
            """{"total_tokens":9223372036854775807}""",
            """{"prompt_tokens":9223372036854775807,"completion_tokens":1}""");

        var stats = await _harness.Log.GetStatisticsAsync(1);

        stats.Totals.Should().Be(new UsageTotals(3, long.MaxValue, 1, 0, long.MaxValue));
    }

    [Fact]
    public async Task Groups_with_equal_totals_are_ordered_by_name_ordinal()
    {
        _harness.WriteUsage(
            Today,
            """{"model":"b","total_tokens":5}""",
            """{"model":"a","total_tokens":5}""",
            """{"model":"B","total_tokens":5}""",
            """{"model":"c","total_tokens":9}""");

        var stats = await _harness.Log.GetStatisticsAsync(1);

        stats.Models.Keys.Should().Equal("c", "B", "a", "b");
    }

    [Fact]
    public async Task Long_names_already_in_the_files_count_in_other_and_are_never_held_as_groups()
    {
        // Lines written before POST /usage bounded names: 300 of them, each naming a new 20 KB model, provider and user.
        _harness.WriteUsage(Today, Enumerable.Range(0, 300).Select(i => $$"""{"user":"{{i}}{{new string('u', 20_000)}}","model":"{{i}}{{new string('m', 20_000)}}","provider":"{{i}}{{new string('p', 20_000)}}","total_tokens":2}""").ToArray());

        var stats = await _harness.Log.GetStatisticsAsync(1);

        var other = new UsageTotals(300, 0, 0, 0, 600);
        stats.Models.Should().Equal(new Dictionary<string, UsageTotals> { ["other"] = other });
        stats.Providers.Should().Equal(new Dictionary<string, UsageTotals> { ["other"] = other });
        stats.Users.Should().Equal(new Dictionary<string, UsageTotals> { ["other"] = other });
        stats.Totals.Should().Be(other);
    }

    [Fact]
    public async Task Past_ten_thousand_names_new_ones_count_in_other_and_the_sums_stay_exact()
    {
        // 10,000 names with one token each fill what a count keeps; the 10,001st has the most tokens yet counts in other.
        _harness.WriteUsage(Today, Enumerable.Range(0, 10_000).Select(i => $$"""{"model":"m{{i}}","total_tokens":1}""").Append("""{"model":"late","total_tokens":50}""").ToArray());

        var stats = await _harness.Log.GetStatisticsAsync(1);

        stats.Models.Should().HaveCount(101);
        stats.Models.Keys.Should().NotContain("late");
        // 9,900 unlisted names of 1 token and the late one's 50.
        stats.Models["other"].Should().Be(new UsageTotals(9_901, 0, 0, 0, 9_950));
        stats.Models.Values.Sum(g => g.TotalTokens).Should().Be(stats.Totals.TotalTokens);
        stats.Totals.Should().Be(new UsageTotals(10_001, 0, 0, 0, 10_050));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(2, 3)]
    [InlineData(30, 7)]
    [InlineData(31, 15)]
    [InlineData(365, 31)]
    [InlineData(366, 31)]
    [InlineData(int.MaxValue, 31)]
    public async Task The_window_is_the_last_days_including_today_clamped_to_1_to_365(int days, long expectedTotal)
    {
        // Each day's total is a distinct bit, so the sum names the days counted.
        _harness.WriteUsage(Today, """{"total_tokens":1}""");
        _harness.WriteUsage(Today.AddDays(-1), """{"total_tokens":2}""");
        _harness.WriteUsage(Today.AddDays(-29), """{"total_tokens":4}""");
        _harness.WriteUsage(Today.AddDays(-30), """{"total_tokens":8}""");
        _harness.WriteUsage(Today.AddDays(-364), """{"total_tokens":16}""");
        _harness.WriteUsage(Today.AddDays(-365), """{"total_tokens":32}""");
        _harness.WriteUsage(Today.AddDays(1), """{"total_tokens":64}""");

        var stats = await _harness.Log.GetStatisticsAsync(days);

        stats.Totals.TotalTokens.Should().Be(expectedTotal);
        stats.Days.Select(d => d.Date).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Without_any_usage_the_shape_is_empty_with_zero_totals()
    {
        var stats = await _harness.Log.GetStatisticsAsync(30);

        stats.Days.Should().BeEmpty();
        stats.Models.Should().BeEmpty();
        stats.Providers.Should().BeEmpty();
        stats.Users.Should().BeEmpty();
        stats.Totals.Should().Be(new UsageTotals(0, 0, 0, 0, 0));
        Directory.Exists(Path.Combine(_harness.DataDirectory, "usage")).Should().BeFalse();
    }

    [Fact]
    public async Task A_line_over_the_limit_is_skipped_and_the_next_one_counts()
    {
        // The limit is 8 x MaxBodyBytes but at least 1 MiB.
        var huge = $$"""{"model":"big","pad":"{{new string('x', 1024 * 1024 + 10)}}","total_tokens":1}""";
        _harness.WriteUsage(Today, """{"model":"a","total_tokens":2}""", huge, """{"model":"b","total_tokens":4}""");

        var stats = await _harness.Log.GetStatisticsAsync(1);

        stats.Models.Keys.Should().Equal("b", "a");
        stats.Totals.TotalTokens.Should().Be(6);
    }

    [Fact]
    public async Task A_byte_order_mark_does_not_hide_the_first_line()
    {
        _harness.WriteBytes(Today, [.. "\uFEFF"u8, .. """{"total_tokens":3}"""u8, (byte)'\n']);

        var stats = await _harness.Log.GetStatisticsAsync(1);

        stats.Totals.Should().Be(new UsageTotals(1, 0, 0, 0, 3));
    }

    private static KeyValuePair<string, UsageTotals> Pair(string name, UsageTotals totals) => new(name, totals);
}
