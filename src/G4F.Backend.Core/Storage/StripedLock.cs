namespace G4F.Backend.Storage;

/// <summary>
/// One async lock per key without a lock object per key: keys share a fixed set of stripes, so memory stays
/// bounded however many ids clients invent; two keys on the same stripe merely wait for each other.
/// </summary>
internal sealed class StripedLock
{
    private readonly SemaphoreSlim[] _stripes;

    public StripedLock(int stripes = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stripes);
        _stripes = new SemaphoreSlim[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>
    /// The lock of <paramref name="key"/>. Keys that differ only in case share it, because on a
    /// case-insensitive file system they name the same folder.
    /// </summary>
    public SemaphoreSlim For(string key) =>
        _stripes[(uint)StringComparer.OrdinalIgnoreCase.GetHashCode(key) % (uint)_stripes.Length];
}
