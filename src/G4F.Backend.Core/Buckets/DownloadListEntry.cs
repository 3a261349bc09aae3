namespace G4F.Backend.Buckets;

/// <summary>One URL of a bucket's <c>downloads.json</c> and how many levels of its page's links may be followed.</summary>
internal readonly record struct DownloadListEntry(string Url, int Depth);
