using System.Runtime.CompilerServices;

namespace G4F.Backend.Credentials;

/// <summary>
/// The default of <see cref="ICookieFileStore.ReadEachAsync"/> for a store that only lists: its listing, handed over one
/// file at a time (kept out of the interface so its public surface names no compiler-made type).
/// </summary>
internal static class CookieFileListing
{
    public static async IAsyncEnumerable<CookieFile> EachAsync(ICookieFileStore store, long maxFileBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in await store.ListAsync(maxFileBytes, cancellationToken).ConfigureAwait(false))
        {
            yield return file;
        }
    }
}
