using System.Runtime.CompilerServices;
using G4F.Backend.Events;

namespace G4F.Backend.Search;

/// <summary>
/// Stream step that sends the sources of a web search as one <c>content</c> event just before the first
/// <c>finish</c>, or after the last event when the upstream sends no finish reason (PROTOCOL 3.6 item 6).
/// A stream that fails never gets them.
/// </summary>
internal static class SearchSources
{
    public static IAsyncEnumerable<ResponseEvent> Insert(IAsyncEnumerable<ResponseEvent> source, string? sources, CancellationToken cancellationToken) =>
        sources is null ? source : InsertAsync(source, sources, cancellationToken);

    /// <summary>Whether the sources go just before <paramref name="responseEvent"/>: the first <c>finish</c>.</summary>
    public static bool GoesBefore(ResponseEvent responseEvent) => responseEvent is FinishEvent;

    private static async IAsyncEnumerable<ResponseEvent> InsertAsync(IAsyncEnumerable<ResponseEvent> source, string sources, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = true;
        await foreach (var responseEvent in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (pending && GoesBefore(responseEvent))
            {
                pending = false;
                yield return new ContentEvent(sources);
            }

            yield return responseEvent;
        }

        if (pending)
        {
            yield return new ContentEvent(sources);
        }
    }
}
