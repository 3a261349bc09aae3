using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

// Placeholder until the real splitter lands (branch streams).
internal static class ThinkTagSplitter
{
    public static IAsyncEnumerable<ResponseEvent> SplitAsync(IAsyncEnumerable<ResponseEvent> source, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _ = (timeProvider, cancellationToken);
        return source;
    }
}
