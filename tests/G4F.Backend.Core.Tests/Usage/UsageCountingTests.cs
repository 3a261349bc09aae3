using System.Text;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>The counting rules a database usage log applies to one line: the same as the embedded aggregator's.</summary>
public sealed class UsageCountingTests
{
    [Theory]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":20,"total_tokens":35,"saved_tokens":4}""", 10, 20, 4, 35)]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":20}""", 10, 20, 0, 30)]
    [InlineData("""{"prompt_tokens":10,"completion_tokens":20,"total_tokens":0}""", 10, 20, 0, 30)]
    [InlineData("""{"prompt_tokens":-5,"completion_tokens":"x","total_tokens":-1}""", 0, 0, 0, 0)]
    [InlineData("""{"prompt_tokens":9223372036854775807,"completion_tokens":1}""", long.MaxValue, 1, 0, long.MaxValue)]
    public void A_line_counts_as_the_statistics_count_it(string json, long prompt, long completion, long saved, long total)
    {
        var line = new UsageLine(Encoding.UTF8.GetBytes(json));

        UsageCounting.Count(line).Should().Be(new UsageTotals(1, prompt, completion, saved, total));
    }

    [Fact]
    public void Lines_counted_one_by_one_add_up_to_what_the_embedded_statistics_report()
    {
        string[] lines =
        [
            """{"user":"ann","model":"m","prompt_tokens":3,"completion_tokens":4}""",
            """{"model":"m","total_tokens":0,"prompt_tokens":1}""",
            """{"user":"","provider":"P","total_tokens":9,"saved_tokens":2}""",
        ];
        var aggregator = new UsageAggregator(user: null);
        aggregator.BeginDay(new DateOnly(2031, 3, 4));
        foreach (var json in lines)
        {
            aggregator.OnLine(Encoding.UTF8.GetBytes(json));
        }

        var counted = lines.Select(json => UsageCounting.Count(new UsageLine(Encoding.UTF8.GetBytes(json))))
            .Aggregate((a, b) => new UsageTotals(a.Requests + b.Requests, a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens, a.SavedTokens + b.SavedTokens, a.TotalTokens + b.TotalTokens));

        counted.Should().Be(aggregator.Build().Totals);
        aggregator.Build().Users.Keys.Should().BeEquivalentTo(lines.Select(json => UsageCounting.GroupOf(new UsageLine(Encoding.UTF8.GetBytes(json)).User)).Distinct());
    }
}
