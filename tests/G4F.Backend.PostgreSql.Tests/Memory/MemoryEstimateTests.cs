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
    public void A_phrase_of_two_frequent_words_that_seldom_meet_is_not_walked_through_all_of_the_users_items()
    {
        // Words in 81,564 and 1,811 items: they meet in about 1,478, as a phrase in some 185 (142 counted): the walk would read all 100k.
        var phrase = new MemoryEstimate(1_478 * MemoryTermStatistics.PhraseShare, 1_478, 100_000);

        phrase.WalkRows(Candidates).Should().Be(100_000);
        phrase.Walk(Candidates).Should().BeFalse();
    }

    [Fact]
    public void A_phrase_of_the_two_most_frequent_words_is_walked()
    {
        // Words in 81,564 and 58,592 items meet in some 47,800; the phrase was in 7,912: walking 25k rows took 19 ms, the look-up 96 ms.
        new MemoryEstimate(47_800 * MemoryTermStatistics.PhraseShare, 47_800, 100_000).Walk(Candidates).Should().BeTrue();
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
