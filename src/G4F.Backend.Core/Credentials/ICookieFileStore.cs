namespace G4F.Backend.Credentials;

/// <summary>
/// Where uploaded cookie files (PROTOCOL 10) are kept: the backend parses each upload and stores only its cookies, in a
/// compact file of the same kind, and keeps the index of their cookies itself. The embedded default is the <c>cookies/</c> folder of the data directory (never the folder of keys or
/// other state, PROTOCOL 14.6); register another implementation with <c>UseCookieFileStore</c> on the backend builder.
/// </summary>
/// <remarks>
/// File names reach the store sanitised (PROTOCOL 1.6), ending in <c>.json</c> or <c>.har</c>, and compared ordinally.
/// The backend serializes its own writes through the <c>cookies</c> resource of <c>IStorageLock</c>. Cookie values are
/// secrets: an implementation never logs the content.
/// </remarks>
public interface ICookieFileStore
{
    /// <summary>Stores <paramref name="content"/> as <paramref name="fileName"/>, replacing an earlier file of that name; it becomes the newest file.</summary>
    /// <param name="fileName">The sanitised file name.</param>
    /// <param name="content">The file to keep: the upload's cookies in compact form (all files together bounded by <c>G4F:Cookies:MaxTotalBytes</c>).</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write leaves the earlier file of the name as it was.</param>
    /// <returns>A task that completes when the file is stored; a reader never sees half of it.</returns>
    Task SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Every stored file, oldest first (a replaced file counts from its replacement), so the newest upload wins.</summary>
    /// <param name="maxFileBytes">Content beyond this many bytes need not be read: such a file may come back cut after one byte more.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The files.</returns>
    Task<IReadOnlyList<CookieFile>> ListAsync(long maxFileBytes, CancellationToken cancellationToken = default);

    /// <summary>
    /// The files of <see cref="ListAsync"/>, in its order, handed over one at a time: the backend's refresh reads them this
    /// way and keeps only each file's cookies, so it never holds more than one file's bytes when the store reads lazily.
    /// </summary>
    /// <param name="maxFileBytes">As for <see cref="ListAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The files; the default lists them all first (<see cref="ListAsync"/>) and then hands them over.</returns>
    IAsyncEnumerable<CookieFile> ReadEachAsync(long maxFileBytes, CancellationToken cancellationToken = default) =>
        CookieFileListing.EachAsync(this, maxFileBytes, cancellationToken);

    /// <summary>
    /// A cheap token of what the store holds: it differs after any file is saved, replaced or removed (also by another
    /// instance), and stays the same while nothing changed, so the backend lists the files again only when it differs.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The token; null (the default) when the store cannot tell, so every refresh lists the files again.</returns>
    /// <remarks>The backend asks at most every <c>G4F:Cookies:RefreshInterval</c>, on the request that needs the cookies.</remarks>
    Task<string?> GetVersionAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
}
