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
internal sealed record MemoryEstimate(double Matches, double GinRows, double Items)
{
    /// <summary>
    /// A row the GIN look-up reads costs this many rows of the walk: on the bench corpus (100k items of a user among 1M),
    /// a word of 3,964 items took 27 ms by GIN and 40 ms walking 50k rows, one of 7,934 items 39 ms by GIN and 14 ms
    /// walking 25k rows, and a phrase whose words meet in 16k items 66 ms by GIN and 93 ms walking all 100k (execution
    /// times, fastest of 12, on the loaded machine): 5 to 9 walked rows a GIN row.
    /// </summary>
    public const double GinRowCost = 8;

    /// <summary>The rows the walk is estimated to read to collect <paramref name="candidates"/> matches.</summary>
    public double WalkRows(int candidates) =>
        Matches <= candidates ? Items : Math.Min(Items, candidates * Items / Matches);

    /// <summary>Whether walking the user's newest items is the cheaper way to the candidates.</summary>
    public bool Walk(int candidates) => GinRows > 0 && WalkRows(candidates) < GinRows * GinRowCost;
}
