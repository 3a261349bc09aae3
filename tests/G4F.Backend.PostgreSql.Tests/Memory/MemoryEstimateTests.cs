using G4F.Backend.PostgreSql.Memory;

namespace G4F.Backend.PostgreSql.Tests.Memory;

/// <summary>Which way a search finds its candidates, on the figures of the bench corpus (a user's 100k items).</summary>
public sealed class MemoryEstimateTests
{
    private const int Candidates = PostgreSqlMemoryStore.MaxCandidates;

    [Theory]
    [InlineData(183, false)]
    [InlineData(1_811, false)]
    [InlineData(3_964, false)]
    [InlineData(7_934, true)]
    [InlineData(81_564, true)]
    public void A_word_is_looked_up_in_gin_unless_it_is_frequent(double matches, bool walk) =>
        new MemoryEstimate(matches, matches, 100_000).Walk(Candidates).Should().Be(walk);

    [Fact]
    public void A_phrase_of_two_frequent_words_that_seldom_meet_is_looked_up_instead_of_walking_all_of_the_users_items()
    {
        // Words in 29,828 and 19,811 items: both in 6,274, the phrase in 371; GIN took 25 ms, walking all 100k 73 ms.
        var phrase = MemoryTermStatistics.Estimate([[29_828, 19_811]], 100_000);

        phrase.GinRows.Should().BeInRange(5_000, 7_000);
        phrase.WalkRows(Candidates).Should().Be(100_000);
        phrase.Walk(Candidates).Should().BeFalse();
    }

    [Fact]
    public void A_phrase_of_frequent_words_that_often_meet_but_seldom_as_the_phrase_is_looked_up()
    {
        // Words in 16,700 and 81,267 items: both in 13,967, the phrase in 1,643; GIN 55 ms (7,016 buffers), walking all 100k
        // 75 ms (13,899 buffers). Its candidates are checked for the phrase, not ranked: costed as ranked rows, it was walked.
        var phrase = MemoryTermStatistics.Estimate([[16_700, 81_267]], 100_000);

        phrase.PhraseRows.Should().Be(phrase.GinRows);
        phrase.WalkRows(Candidates).Should().Be(100_000);
        phrase.Walk(Candidates).Should().BeFalse();
        MemoryTermStatistics.Estimate([[16_700, 81_267], [2_000]], 100_000).GinCost.Should().BeApproximately((phrase.GinRows * MemoryEstimate.PhraseRowCost) + (2_000 * MemoryEstimate.GinRowCost), 1e-6, "a word's rows are ranked");
    }

    [Fact]
    public void A_phrase_of_the_two_most_frequent_words_is_walked()
    {
        // Words in 81,564 and 58,592 items, both in some 47,800, the phrase in 7,912: walking 25k rows took 19 ms, GIN 96 ms.
        MemoryTermStatistics.Estimate([[81_564, 58_592]], 100_000).Walk(Candidates).Should().BeTrue();
    }

    [Fact]
    public void Words_and_phrases_add_up_and_a_user_missing_from_the_statistics_has_at_least_as_many_items_as_a_word()
    {
        var query = MemoryTermStatistics.Estimate([[1_000], [500], [800, 400]], 0);

        query.Items.Should().Be(1_000);
        query.GinRows.Should().BeApproximately(1_000 + 500 + 320, 1e-6);
        query.Matches.Should().BeApproximately(1_000 + 500 + (320 * MemoryTermStatistics.PhraseShare), 1e-6);
    }

    [Fact]
    public void A_query_of_no_known_word_is_looked_up_and_the_walk_reads_at_most_the_users_items()
    {
        new MemoryEstimate(0, 0, 0).Walk(Candidates).Should().BeFalse();
        new MemoryEstimate(0, 0, 100_000).Walk(Candidates).Should().BeFalse();
        new MemoryEstimate(50_000, 50_000, 100_000).WalkRows(Candidates).Should().Be(4_000);
        new MemoryEstimate(1_000, 1_000, 10_000).WalkRows(Candidates).Should().Be(10_000);
    }
}
