using G4F.Backend.Downloads;
using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>What a <c>?url=</c> fallback found (<see cref="FetchedMediaCache.FindOrFetchAsync"/>).</summary>
/// <param name="Copy">The copy to serve, opened; null when there is none.</param>
/// <param name="FailedHost">The host of a download that was refused or failed (never its path or query), for the log.</param>
/// <param name="Reason">Why that download failed.</param>
/// <param name="Busy">Whether the fetch was skipped because every fallback slot was taken.</param>
internal readonly record struct FallbackFetch(StoredBlob? Copy, string? FailedHost = null, DownloadFailure Reason = default, bool Busy = false);
