namespace G4F.Backend.Conversations;

/// <summary>One media URL of an event after the download: the URL to show, its thumbnail, and the stored file.</summary>
/// <param name="Url">The local <c>/media/...</c> URL, or the original URL when it was kept.</param>
/// <param name="Thumbnail">The local <c>/thumbnail/...</c> URL, or <paramref name="Url"/> when there is none.</param>
/// <param name="Name">The stored file name; null when nothing was stored.</param>
internal readonly record struct StoredMediaLink(string Url, string Thumbnail, string? Name);
