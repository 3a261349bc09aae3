namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// What a search is estimated to cost each way (<see cref="MemoryTermStatistics"/>), and the cheaper way. The GIN
/// look-up reads every row its index scan returns (a word's or prefix's matches; for a phrase, every item holding all
/// of its words, each checked for the phrase); the walk reads the user's newest rows in index order until it has the
/// candidates (all of the user's rows when fewer match). A row of the walk is read in index order, next to the one
/// before, and its vector only searched; a row of the look-up is fetched from anywhere in the table and ranked.
/// </summary>
/// <param name="Matches">The items estimated to match.</param>
/// <param name="GinRows">The rows the GIN look-up is estimated to read.</param>
/// <param name="Items">The user's items (their token's count; at least the count of any of the query's words).</param>
/// <param name="PhraseRows">The part of <paramref name="GinRows"/> read for phrases: items holding all of a phrase's words, each checked for the phrase.</param>
internal sealed record MemoryEstimate(double Matches, double GinRows, double Items, double PhraseRows = 0)
{
    /// <summary>
    /// A row the GIN look-up reads costs this many rows of the walk: on the bench corpus (100k items of a user among 1M),
    /// a word of 3,964 items took 27 ms by GIN and 40 ms walking 50k rows, one of 7,934 items 39 ms by GIN and 14 ms
    /// walking 25k rows, and a phrase whose words meet in 16k items 66 ms by GIN and 93 ms walking all 100k (execution
    /// times, fastest of 12, on the loaded machine): 5 to 9 walked rows a GIN row.
    /// </summary>
    public const double GinRowCost = 8;

    /// <summary>
    /// A row the GIN look-up reads for a phrase costs this many rows of the walk: most of them hold the words but not the
    /// phrase, so they are checked and dropped, never ranked or sorted. On the bench corpus (100k items of a user among
    /// 1M; execution on the loaded machine against walking the same query) 2.6 to 5.3 walked rows a candidate: words in
    /// 16,700 and 81,267 items (13,967 hold both, 1,643 the phrase) 55 ms looked up, 75 ms walking all 100k (7,016 against
    /// 13,899 buffers); 16k candidates 66 against 93 ms; 22,020 candidates 95 against 124 ms; the two most frequent words
    /// (47,800 candidates) 96 ms looked up, 19 ms walking 25k rows. Costed as a ranked row, such phrases were walked.
    /// </summary>
    public const double PhraseRowCost = 4;

    /// <summary>The GIN look-up's estimated cost, in rows of the walk.</summary>
    public double GinCost => ((GinRows - PhraseRows) * GinRowCost) + (PhraseRows * PhraseRowCost);

    /// <summary>The rows the walk is estimated to read to collect <paramref name="candidates"/> matches.</summary>
    public double WalkRows(int candidates) =>
        Matches <= candidates ? Items : Math.Min(Items, candidates * Items / Matches);

    /// <summary>Whether walking the user's newest items is the cheaper way to the candidates.</summary>
    public bool Walk(int candidates) => GinRows > 0 && WalkRows(candidates) < GinCost;
}
