using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// The rule that turns <c>&lt;think&gt;...&lt;/think&gt;</c> in plain-text content into reasoning events (PROTOCOL 3.5,
/// 3.8 step 7), applied per event by the turn's <see cref="ThinkSplitStep"/>; every other event passes through
/// unchanged and in order.
/// </summary>
internal static class ThinkTagSplitter
{
    /// <summary>
    /// The rule for one event: plain-text content goes through
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
