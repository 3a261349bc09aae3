using System.Runtime.CompilerServices;
using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// Stream step that turns <c>&lt;think&gt;...&lt;/think&gt;</c> in plain-text content into reasoning
/// events (PROTOCOL 3.5, 3.8 step 7); every other event passes through unchanged and in order. A turn applies the same
/// rule per event in its <see cref="ThinkSplitStep"/>.
/// </summary>
internal static class ThinkTagSplitter
{
    /// <summary>Splits think blocks out of the text <see cref="ContentEvent"/>s of <paramref name="source"/>.</summary>
    /// <param name="source">The provider's events.</param>
    /// <param name="timeProvider">Clock for the "Thought for 2.31s" status.</param>
    /// <param name="cancellationToken">Cancels the enumeration of <paramref name="source"/>.</param>
    /// <returns>The events with think blocks as reasoning.</returns>
    public static async IAsyncEnumerable<ResponseEvent> SplitAsync(
        IAsyncEnumerable<ResponseEvent> source,
        TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parser = new ThinkTagParser(timeProvider);
        var output = new List<ResponseEvent>(4);
        await foreach (var responseEvent in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            Split(responseEvent, parser, output);
            foreach (var item in output)
            {
                yield return item;
            }

            output.Clear();
        }

        parser.Flush(output);
        foreach (var item in output)
        {
            yield return item;
        }
    }

    /// <summary>
    /// The rule for one event, shared with the turn's <see cref="ThinkSplitStep"/>: plain-text content goes through
    /// <paramref name="parser"/>, anything else passes, after the held text unless it is metadata.
    /// </summary>
    public static void Split(ResponseEvent responseEvent, ThinkTagParser parser, List<ResponseEvent> output)
    {
        // Media blocks (urls) and audio (data) are HTML built by the server, never model text.
        if (responseEvent is ContentEvent { Urls: null, Data: null } content)
        {
            parser.Process(content, output);
            return;
        }

        // Held text belongs before anything the user sees next; debug and provider events
        // may overtake it, since a debug "response" precedes every chunk (PROTOCOL 3.6).
        if (!IsMetadata(responseEvent))
        {
            parser.Flush(output);
        }

        output.Add(responseEvent);
    }

    private static bool IsMetadata(ResponseEvent responseEvent) =>
        responseEvent is ProviderEvent or RequestEvent or UpstreamResponseEvent or HeadersEvent or LogEvent;
}
