namespace G4F.Backend.Sharing;

/// <summary>
/// A stored shared chat, open for reading: its version and its JSON exactly as stored. The caller owns
/// <see cref="Content"/> and disposes it (disposing the share does).
/// </summary>
/// <param name="updated">The chat's version: its <c>updated</c> value, 0 when it has none.</param>
/// <param name="content">The stored UTF-8 JSON, positioned at its start, seekable so its length is known.</param>
public sealed class ChatShare(long updated, Stream content) : IAsyncDisposable, IDisposable
{
    /// <summary>The chat's version: its <c>updated</c> value (milliseconds since the epoch), 0 when it has none.</summary>
    public long Updated { get; } = updated;

    /// <summary>The stored UTF-8 JSON, positioned at its start; served as is, never re-serialised.</summary>
    public Stream Content { get; } = content ?? throw new ArgumentNullException(nameof(content));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();
}
