namespace G4F.Backend.Storage;

/// <summary>
/// Temporary files of downloads and fetches before they are moved into place: under the data directory's staging folder,
/// outside every bucket and the media folder, so no route serves them and no size scan counts them.
/// </summary>
internal sealed class TempFiles(DataPaths paths, TimeProvider time)
{
    private const string TempFolder = "downloads";
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    /// <summary>A fresh temporary path; temporary files older than an hour are swept first.</summary>
    public string NewPath()
    {
        var folder = paths.Folder(DataPaths.Staging, TempFolder);
        SweepStale(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Deletes a temporary file that was not moved into place; never throws.</summary>
    public static void Discard(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is invisible to every route and is swept after an hour.
        }
    }

    // Left behind only when the process died mid-download; an hour is far beyond any download's time limit.
    private void SweepStale(string folder)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - StaleAfter;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*.tmp"))
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                Discard(file.FullName);
            }
        }
    }
}
