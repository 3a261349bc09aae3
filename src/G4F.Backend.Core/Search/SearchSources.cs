using G4F.Backend.Events;

namespace G4F.Backend.Search;

/// <summary>
/// Where the sources of a web search go in the answer: as one <c>content</c> event just before the first
/// <c>finish</c>, or after the last event when the upstream sends no finish reason (PROTOCOL 3.6 item 6; the turn's
/// <c>SearchSourcesStep</c> applies it). A stream that fails never gets them.
/// </summary>
internal static class SearchSources
{
    /// <summary>Whether the sources go just before <paramref name="responseEvent"/>: the first <c>finish</c>.</summary>
    public static bool GoesBefore(ResponseEvent responseEvent) => responseEvent is FinishEvent;
}
