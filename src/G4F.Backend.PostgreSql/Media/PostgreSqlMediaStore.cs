using System.Runtime.CompilerServices;
using G4F.Backend.Media;
using G4F.Backend.PostgreSql.Blobs;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Storage;

namespace G4F.Backend.PostgreSql.Media;

/// <summary>
/// <see cref="IMediaStore"/> in PostgreSQL: blobs as chunked versions (<see cref="PostgreSqlBlobs"/>, the kind is 10 +
/// the area), a fetched copy of a bucket's media under that bucket's id, every other blob under the empty bucket id.
/// </summary>
internal sealed class PostgreSqlMediaStore(PostgreSqlDatabase database) : IMediaStore
{
    private readonly PostgreSqlBlobs _blobs = new(database);

    public Task<StoredBlob?> OpenReadAsync(MediaKey key, CancellationToken cancellationToken)
    {
        var (kind, bucketId) = Checked(key);
        return _blobs.OpenAsync(kind, bucketId, key.Name, cancellationToken);
    }

    public async Task<MediaEntry?> GetInfoAsync(MediaKey key, CancellationToken cancellationToken)
    {
        var (kind, bucketId) = Checked(key);
        return await _blobs.InfoAsync(kind, bucketId, key.Name, cancellationToken).ConfigureAwait(false) is { } info
            ? new MediaEntry(key, info.Length, info.WrittenAt)
            : null;
    }

    public async Task<MediaEntry> WriteAsync(MediaKey key, Stream content, CancellationToken cancellationToken)
    {
        var (kind, bucketId) = Checked(key);
        var (length, writtenAt) = await _blobs.WriteAsync(kind, bucketId, key.Name, content, cancellationToken).ConfigureAwait(false);
        return new MediaEntry(key, length, writtenAt);
    }

    public Task<bool> DeleteAsync(MediaKey key, CancellationToken cancellationToken)
    {
        var (kind, bucketId) = Checked(key);
        return _blobs.DeleteAsync(kind, bucketId, key.Name, cancellationToken);
    }

    public async IAsyncEnumerable<MediaEntry> ListAsync(MediaArea area, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (kind, _) = Checked(new MediaKey(area, "x"));
        await foreach (var row in _blobs.ListAsync(kind, bucketId: null, cancellationToken).ConfigureAwait(false))
        {
            var key = area == MediaArea.Fetched && row.BucketId.Length > 0 ? MediaKey.Fetched(row.Name, row.BucketId) : new MediaKey(area, row.Name);
            yield return new MediaEntry(key, row.Length, row.WrittenAt);
        }
    }

    private static (short Kind, string BucketId) Checked(MediaKey key)
    {
        StoredNames.ThrowIfInvalid(key.Name, nameof(key));
        if (key.Area is < MediaArea.Library or > MediaArea.Fetched)
        {
            throw new ArgumentOutOfRangeException(nameof(key));
        }

        if (key.BucketId is not null && key.Area != MediaArea.Fetched)
        {
            throw new ArgumentException("Only a fetched copy belongs to a bucket.", nameof(key));
        }

        var bucketId = key.BucketId is null ? string.Empty : StoredNames.ThrowIfInvalid(key.BucketId, nameof(key));
        return ((short)(PostgreSqlBlobs.FirstMediaKind + (short)key.Area), bucketId);
    }
}
