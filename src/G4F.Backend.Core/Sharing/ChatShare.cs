namespace G4F.Backend.Sharing;

/// <summary>
/// A shared chat: its version and its UTF-8 JSON. Read from a store, the caller owns <see cref="Content"/> and disposes
/// it (disposing the share does); given to a store, the store reads <see cref="Content"/> to its end and the caller
/// still disposes it.
/// </summary>
/// <param name="updated">The chat's version: its <c>updated</c> value, 0 when it has none.</param>
/// <param name="content">The UTF-8 JSON, positioned at its start; a stored chat is seekable, so its length is known.</param>
public sealed class ChatShare(long updated, Stream content) : IAsyncDisposable, IDisposable
{
    /// <summary>The chat's version: its <c>updated</c> value (milliseconds since the epoch), 0 when it has none.</summary>
    public long Updated { get; } = updated;

    /// <summary>The UTF-8 JSON, positioned at its start; served as stored, never re-serialised.</summary>
    public Stream Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();
}
