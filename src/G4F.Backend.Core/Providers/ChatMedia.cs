namespace G4F.Backend.Providers;

/// <summary>
/// One medium attached to a conversation turn (PROTOCOL 3.1 <c>files</c>, <c>media_url</c>, <c>media</c>): either its
/// bytes or a URL. The turn inlines it into the last user message: images as an <c>image_url</c> data URI, wav and mp3
/// as <c>input_audio</c>; other audio and video are dropped with a note in the request's log.
/// </summary>
public sealed class ChatMedia
{
    private ChatMedia(ReadOnlyMemory<byte> data, string? url, string? name, string? contentType)
    {
        Data = data;
        Url = url;
        Name = name;
        ContentType = contentType;
    }

    /// <summary>The bytes of an uploaded medium; empty when the medium is a URL.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>
    /// An http(s) URL (fetched through the safe downloader), a <c>data:</c> URI, or a URL naming this server's own bucket
    /// media (<c>/files/&lt;bucket&gt;/media/&lt;name&gt;</c>) or media folder (<c>/media/&lt;name&gt;</c>), which are read
    /// from local storage; null when the medium is bytes.
    /// </summary>
    public string? Url { get; }

    /// <summary>The file name the client gave, or null.</summary>
    public string? Name { get; }

    /// <summary>The media type the host declared for <see cref="Data"/>; the bytes' own signature wins over it.</summary>
    public string? ContentType { get; }

    /// <summary>A medium given by its bytes.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="name">The file name; its extension names the type when neither the bytes nor <paramref name="contentType"/> do.</param>
    /// <param name="contentType">The media type, such as <c>image/png</c>, or null.</param>
    /// <returns>The medium.</returns>
    public static ChatMedia FromBytes(ReadOnlyMemory<byte> data, string? name = null, string? contentType = null) =>
        new(data, null, name, contentType);

    /// <summary>A medium given by its URL.</summary>
    /// <param name="url">An http(s) URL, a <c>data:</c> URI, or a URL of this server's own media.</param>
    /// <param name="name">The file name, or null.</param>
    /// <returns>The medium.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is null or empty.</exception>
    public static ChatMedia FromUrl(string url, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        return new(ReadOnlyMemory<byte>.Empty, url, name, null);
    }

    /// <summary>Describes the medium by its size or host, never a query string (it may carry a token) or the data.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => Url switch
    {
        null => $"ChatMedia {{ {Data.Length} bytes }}",
        _ when Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) => "ChatMedia { data URI }",
        _ => $"ChatMedia {{ {(Uri.TryCreate(Url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? uri.Host : "local")} }}",
    };
}
