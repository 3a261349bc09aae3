using G4F.Backend.Credentials;

namespace G4F.Backend.Core.Tests.Credentials;

/// <summary>
/// An <see cref="ICookieFileStore"/> in memory that two cookie stores share, as two instances share a database: it
/// counts its listings and tells its version, so a test sees when the files were read again.
/// </summary>
internal sealed class SharedCookieFiles : ICookieFileStore
{
    private readonly Lock _gate = new();
    private readonly List<CookieFile> _files = [];
    private long _version;
    private int _listings;

    /// <summary>How often the files were listed (read whole).</summary>
    public int Listings => Volatile.Read(ref _listings);

    public Task SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _files.RemoveAll(f => f.Name == fileName);
            _files.Add(new CookieFile(fileName, content.ToArray()));
            _version++;
        }

        return Task.CompletedTask;
    }

    /// <summary>Removes a file, as an operator deleting a row or a file by hand.</summary>
    public void Remove(string fileName)
    {
        lock (_gate)
        {
            _files.RemoveAll(f => f.Name == fileName);
            _version++;
        }
    }

    public Task<IReadOnlyList<CookieFile>> ListAsync(long maxFileBytes, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _listings);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CookieFile>>([.. _files]);
        }
    }

    public Task<string?> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<string?>(_version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
