namespace G4F.Backend.Downloads;

/// <summary>What one download must satisfy on top of <see cref="DownloadOptions"/>.</summary>
/// <param name="RequireMedia">
/// Only image, audio or video: a matching content type, or <c>application/octet-stream</c> (or none) whose first
/// bytes are a known media format.
/// </param>
/// <param name="MaxBytes">A lower size cap for this download (e.g. the room left in a bucket); null uses <see cref="DownloadOptions.MaxBytes"/>.</param>
internal readonly record struct DownloadRequirement(bool RequireMedia = false, long? MaxBytes = null)
{
    /// <summary>Any content type, the configured size cap.</summary>
    public static DownloadRequirement Any => default;

    /// <summary>Media only, the configured size cap.</summary>
    public static DownloadRequirement Media => new(RequireMedia: true);
}
