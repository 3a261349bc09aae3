namespace G4F.Backend.Storage;

/// <summary>
/// The only way to temporary files and folders: under the data directory's staging folder (<see cref="DataPaths.Staging"/>),
/// outside every bucket and the media folder, so no route serves them and no size scan counts them. Names are made here
/// (random, unique) and every path is checked to stay under the staging root; a <see cref="ScratchFile"/> or
/// <see cref="ScratchFolder"/> deletes itself when disposed, and what a killed process left is swept by age. Scratch
/// stays on local disk whatever store keeps the data: it belongs to the request that made it.
/// </summary>
internal sealed class ScratchSpace(DataPaths paths, TimeProvider time)
{
    /// <summary>Upload folders older than this are removed on the first upload: no upload of this process owns them.</summary>
    public static readonly TimeSpan LeftoverAge = TimeSpan.FromMinutes(10);

    // Left behind only when the process died mid-download; an hour is far beyond any download's time limit.
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    private const string DownloadsFolder = "downloads";
    private const string SpillFolder = "spill";
    private const string HealthFolder = "health";

    private int _leftoversDeleted;

    /// <summary>
    /// A fresh file name for <paramref name="purpose"/> (the file is not created); a download's stale leftovers older than
    /// an hour are swept first. Disk failures surface as <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.
    /// </summary>
    public ScratchFile CreateFile(ScratchPurpose purpose)
    {
        var (folder, ending) = purpose switch
        {
            ScratchPurpose.Download or ScratchPurpose.Conversion or ScratchPurpose.Thumbnail => (DownloadsFolder, ".tmp"),
            ScratchPurpose.HealthProbe => (HealthFolder, ".probe"),
            _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "This purpose has no single scratch files."),
        };
        var created = paths.Folder(DataPaths.Staging, folder);
        if (folder == DownloadsFolder)
        {
            SweepStale(created);
        }

        return new ScratchFile(paths.Combine(DataPaths.Staging, folder, $"{Guid.NewGuid():N}{ending}"));
    }

    /// <summary>
    /// A fresh file for <paramref name="purpose"/> that is only streamed: created now for reading and writing by this
    /// handle alone, and deleted when the handle closes (<see cref="FileOptions.DeleteOnClose"/>), whatever happened.
    /// </summary>
    public FileStream OpenTransient(ScratchPurpose purpose)
    {
        var file = CreateFile(purpose);
        return new FileStream(file.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }

    /// <summary>A fresh private folder for <paramref name="purpose"/> (<see cref="ScratchPurpose.Upload"/>), created now.</summary>
    public ScratchFolder CreateFolder(ScratchPurpose purpose)
    {
        if (purpose != ScratchPurpose.Upload)
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "This purpose has no private scratch folders.");
        }

        return new ScratchFolder(paths.Folder(DataPaths.Staging, Guid.NewGuid().ToString("N")));
    }

    /// <summary>
    /// The shared folder of <paramref name="purpose"/> (<see cref="ScratchPurpose.ArchiveSpill"/>), created now, for files
    /// that are only streamed: each is opened with a random name and <see cref="FileOptions.DeleteOnClose"/>, so the folder
    /// never names anything and a crash's leftover goes with the staging folder.
    /// </summary>
    public string SharedFolder(ScratchPurpose purpose) => purpose == ScratchPurpose.ArchiveSpill
        ? paths.Folder(DataPaths.Staging, SpillFolder)
        : throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "This purpose has no shared scratch folder.");

    /// <summary>
    /// Once per process (the first upload): removes the private folders nothing touched for <see cref="LeftoverAge"/>,
    /// what a crashed or killed process left. Best effort: a folder that cannot be removed now is tried again at the next start.
    /// </summary>
    public void DeleteLeftoversOnce()
    {
        if (Interlocked.Exchange(ref _leftoversDeleted, 1) != 0)
        {
            return;
        }

        var cutoff = DateTime.UtcNow - LeftoverAge;
        try
        {
            foreach (var folder in new DirectoryInfo(paths.Combine(DataPaths.Staging)).EnumerateDirectories())
            {
                if (LastTouchedUtc(folder) < cutoff)
                {
                    ScratchFolder.TryDelete(folder.FullName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No staging root yet, or it cannot be listed: nothing to clean.
        }
    }

    // A large upload only touches its file, not the folder: the newest time of both says whether it is still in use.
    private static DateTime LastTouchedUtc(DirectoryInfo folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var newest = folder.LastWriteTimeUtc;
        foreach (var entry in folder.EnumerateFileSystemInfos("*", options))
        {
            newest = entry.LastWriteTimeUtc > newest ? entry.LastWriteTimeUtc : newest;
        }

        return newest;
    }

    private void SweepStale(string folder)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - StaleAfter;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*.tmp"))
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                ScratchFile.TryDelete(file.FullName);
            }
        }
    }
}
