using G4F.Backend.Downloads;

namespace G4F.Backend.Media;

/// <summary>What a <c>?url=</c> fallback found (<see cref="FetchedMediaCache.FindOrFetchAsync"/>).</summary>
/// <param name="Path">The copy to serve; null when there is none.</param>
/// <param name="FailedHost">The host of a download that was refused or failed (never its path or query), for the log.</param>
/// <param name="Reason">Why that download failed.</param>
/// <param name="Busy">Whether the fetch was skipped because every fallback slot was taken.</param>
internal readonly record struct FallbackFetch(string? Path, string? FailedHost = null, DownloadFailure Reason = default, bool Busy = false);
