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
    // The text as given: a string, or an upstream delta's UTF-8 (byte[]) until something asks for the string, which then
    // replaces it. One field, so a delta costs no more than a string-backed event.
    private object? _text = Content;

    /// <summary>A delta of upstream text as valid UTF-8, owned by the event from now on.</summary>
    internal ContentEvent(byte[] utf8)
        : this(Content: null!)
    {
        _text = utf8;
    }

    /// <summary>Markdown text (or HTML for media blocks).</summary>
    [JsonPropertyName("content")]
    public string Content
    {
        get => _text as string ?? Materialize();
        init => _text = value;
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

    /// <summary>The text as UTF-8 when the event holds it so (an upstream delta whose string nobody asked for), else false.</summary>
    internal bool TryGetUtf8(out ReadOnlySpan<byte> utf8)
    {
        var bytes = _text as byte[];
        utf8 = bytes;
        return bytes is not null;
    }

    /// <summary>The text as UTF-8: the upstream delta's own bytes while nobody asked for the string, else its encoding.</summary>
    internal ReadOnlyMemory<byte> Utf8 => _text as byte[] ?? Encoding.UTF8.GetBytes(Content);

    /// <summary>The length of the text in UTF-8 bytes.</summary>
    internal int Utf8Length => _text is byte[] utf8 ? utf8.Length : Encoding.UTF8.GetByteCount(Content);

    /// <summary>Whether the text contains <paramref name="ascii"/> (an ASCII character), without making the string.</summary>
    internal bool Contains(char ascii) => _text is byte[] utf8 ? utf8.AsSpan().Contains((byte)ascii) : Content.Contains(ascii, StringComparison.Ordinal);

    /// <summary>The last UTF-16 unit of the text (a low surrogate for a character outside the BMP); false when empty.</summary>
    internal bool TryGetLastChar(out char last)
    {
        if (_text is byte[] { Length: > 0 } utf8)
        {
            // Valid UTF-8 ends with a whole scalar; a character outside the BMP ends in its low surrogate as a string.
            Rune.DecodeLastFromUtf8(utf8, out var rune, out _);
            Span<char> chars = stackalloc char[2];
            last = chars[rune.EncodeToUtf16(chars) - 1];
            return true;
        }

        if (_text is string { Length: > 0 } content)
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

    private string Materialize()
    {
        if (_text is not byte[] utf8)
        {
            return null!;
        }

        // A race makes two equal strings; either is right.
        var text = Encoding.UTF8.GetString(utf8);
        _text = text;
        return text;
    }
}
