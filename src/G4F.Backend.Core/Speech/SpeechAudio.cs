namespace G4F.Backend.Speech;

/// <summary>Audio as it arrives from the upstream. Disposing it ends the upstream call.</summary>
public sealed class SpeechAudio : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;

    /// <summary>Creates the result.</summary>
    /// <param name="content">The audio bytes, read forward only.</param>
    /// <param name="contentType">The media type; <c>application/octet-stream</c> when empty.</param>
    /// <param name="owner">Disposed after <paramref name="content"/> (e.g. the upstream response).</param>
    public SpeechAudio(Stream content, string? contentType, IAsyncDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        Content = content;
        ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType;
        _owner = owner;
    }

    /// <summary>The audio bytes.</summary>
    public Stream Content { get; }

    /// <summary>The media type, e.g. <c>audio/mpeg</c>.</summary>
    public string ContentType { get; }

    /// <summary>Ends the upstream call.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        if (_owner is not null)
        {
            await _owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
