namespace G4F.Backend.Search;

/// <summary>Bounds on what a configuration or a search tool call may ask of one search.</summary>
internal static class WebSearchLimits
{
    /// <summary>Most results of one search.</summary>
    public const int MaxResults = 20;

    /// <summary>Most words of text in one prompt.</summary>
    public const int MaxWords = 20_000;

    /// <summary>Most characters of a query: the first line of a pasted text can be a whole paragraph.</summary>
    public const int MaxQueryLength = 500;
}
