namespace G4F.Backend.Search;

/// <summary>What makes two searches the same for the day cache (the page timeout does not change the answer).</summary>
internal sealed record SearchCacheKey(string Engine, string Query, int MaxResults, int MaxWords, bool AddText, string? Region);
