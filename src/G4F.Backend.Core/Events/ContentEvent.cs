using System.Text;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A text delta of the answer, or a whole media block when <see cref="Urls"/> is set.</summary>
/// <param name="Content">Markdown text (or HTML for media blocks).</param>
/// <remarks>
/// A delta read from an upstream stream keeps its text as the UTF-8 it arrived in: the event stream writes those bytes
/// as they are, and <see cref="Content"/> makes the string only when something asks for it (once, then kept).
/// </remarks>
public sealed record ContentEvent(string Content) : ResponseEvent("content")
{
    // Exactly one of the two is the text as given; the string is made from the UTF-8 on first use and then kept.
    private string? _content = Content;
    private readonly byte[]? _utf8;

    /// <summary>A delta of upstream text as valid UTF-8, owned by the event from now on.</summary>
    internal ContentEvent(byte[] utf8)
        : this(Content: null!)
    {
        _utf8 = utf8;
    }

    /// <summary>Markdown text (or HTML for media blocks).</summary>
    [JsonPropertyName("content")]
    public string Content
    {
        get => _content ?? (_utf8 is null ? null! : _content = Encoding.UTF8.GetString(_utf8));
        init
        {
            _content = value;
            _utf8 = null;
        }
    }

    /// <summary>Media URLs of a media block.</summary>
    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>Alternative text (the prompt) of a media block.</summary>
    [JsonPropertyName("alt")]
    public string? Alt { get; init; }

    /// <summary>Audio data or URL for audio answers.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }

    /// <summary>The text as UTF-8 when the event was made from UTF-8 (an upstream delta), else empty with false.</summary>
    internal bool TryGetUtf8(out ReadOnlySpan<byte> utf8)
    {
        utf8 = _utf8;
        return _utf8 is not null;
    }

    /// <summary>The length of the text in UTF-8 bytes.</summary>
    internal int Utf8Length => _utf8?.Length ?? Encoding.UTF8.GetByteCount(_content!);

    /// <summary>Whether the text contains <paramref name="ascii"/> (an ASCII character), without making the string.</summary>
    internal bool Contains(char ascii) => _utf8 is { } utf8 ? utf8.AsSpan().Contains((byte)ascii) : _content!.Contains(ascii, StringComparison.Ordinal);

    /// <summary>The last UTF-16 unit of the text (a low surrogate for a character outside the BMP); false when empty.</summary>
    internal bool TryGetLastChar(out char last)
    {
        if (_utf8 is { Length: > 0 } utf8)
        {
            // Valid UTF-8 ends with a whole scalar; a character outside the BMP ends in its low surrogate as a string.
            Rune.DecodeLastFromUtf8(utf8, out var rune, out _);
            Span<char> chars = stackalloc char[2];
            last = chars[rune.EncodeToUtf16(chars) - 1];
            return true;
        }

        if (_utf8 is null && _content is { Length: > 0 } content)
        {
            last = content[^1];
            return true;
        }

        last = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(ContentEvent? other) =>
        other is not null
        && base.Equals(other)
        && string.Equals(Content, other.Content, StringComparison.Ordinal)
        && EqualityComparer<IReadOnlyList<string>?>.Default.Equals(Urls, other.Urls)
        && string.Equals(Alt, other.Alt, StringComparison.Ordinal)
        && string.Equals(Data, other.Data, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Content, Urls, Alt, Data);
}
