using System.Buffers;
using System.Text.Unicode;

namespace G4F.Backend.Providers;

/// <summary>
/// The bytes around the text of a stream's plain text chunks. Most servers repeat every byte of a text chunk but its
/// text (<c>id</c>, <c>created</c>, <c>model</c>, the choice's index and <c>finish_reason</c>), so once the parser has
/// read one such chunk, a later chunk made of the same bytes before the text, a text without a quote, backslash or
/// control character, and the same bytes after it has the same fields with that text: it is taken without tokenizing
/// the whole chunk again. Anything else (an escape, another envelope, a server that varies a field per chunk) goes
/// through the parser.
/// </summary>
/// <remarks>
/// Why the shortcut reads what the parser would: inside a JSON string a quote is always escaped, so a raw
/// <c>"content":"</c> is always a property named <c>content</c> with a string value; a chunk holding exactly one, whose
/// value the parser read as the delta's text with no escape, splits into a head that ends inside that string and a tail
/// that closes it. Another chunk with the same head and tail and a middle with no quote, backslash or control byte has
/// one string literal exactly where the first had it, and every other token byte for byte the same.
/// </remarks>
internal sealed class OpenAIChunkEnvelope
{
    private static readonly byte[] ContentProperty = "\"content\":\""u8.ToArray();

    // What ends a string literal or needs escaping in one: a text holding any of these goes through the parser.
    private static readonly SearchValues<byte> NotPlainText = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    // A server that varies its envelope from chunk to chunk would make every chunk learn (two copies) and never match:
    // after this many envelopes learned in a row without a chunk read through one, the stream stops learning.
    private const int MaxFruitlessLearns = 4;

    private byte[]? _head;
    private byte[]? _tail;
    private OpenAIChunk _fields;
    private int _readsSinceLearn;
    private int _fruitlessLearns;

    /// <summary>
    /// The chunk <paramref name="data"/> (trimmed) as the last learned text chunk with its own text, when it has that
    /// chunk's envelope and a plain text.
    /// </summary>
    public bool TryRead(ReadOnlySpan<byte> data, out OpenAIChunk chunk)
    {
        if (_head is null || _tail is null
            || data.Length < _head.Length + _tail.Length
            || !data.StartsWith(_head) || !data.EndsWith(_tail))
        {
            chunk = default;
            return false;
        }

        var text = data[_head.Length..^_tail.Length];
        if (text.ContainsAny(NotPlainText) || !Utf8.IsValid(text))
        {
            chunk = default;
            return false;
        }

        chunk = _fields with { Content = text.ToArray() };
        _readsSinceLearn++;
        return true;
    }

    /// <summary>
    /// Learns the envelope of <paramref name="data"/> (trimmed), which the parser read as <paramref name="parsed"/>, when it
    /// is a text chunk and nothing else: a text (unescaped, found once as a raw <c>"content":"</c> value), no reasoning,
    /// tool calls, finish reason, usage or error.
    /// </summary>
    public void Learn(ReadOnlySpan<byte> data, OpenAIChunk parsed)
    {
        if (_fruitlessLearns >= MaxFruitlessLearns || parsed.Content is not { } content || parsed.IsDone || parsed.Reasoning is not null || parsed.ToolCalls is not null
            || parsed.FinishReason is not null || parsed.Usage is not null || parsed.Error is not null)
        {
            return;
        }

        var at = data.IndexOf(ContentProperty);
        if (at < 0 || data[(at + 1)..].IndexOf(ContentProperty) >= 0)
        {
            return;
        }

        var start = at + ContentProperty.Length;
        var end = start + content.Length;
        if (end >= data.Length || data[end] != (byte)'"' || !data[start..end].SequenceEqual(content) || content.AsSpan().ContainsAny(NotPlainText))
        {
            return;
        }

        var head = data[..start];
        var tail = data[end..];
        if (_head is not null && _tail is not null && head.SequenceEqual(_head) && tail.SequenceEqual(_tail))
        {
            // The same envelope (this chunk's text needed the parser): nothing to learn.
            return;
        }

        _fruitlessLearns = _head is not null && _readsSinceLearn == 0 ? _fruitlessLearns + 1 : 0;
        _readsSinceLearn = 0;
        _head = head.ToArray();
        _tail = tail.ToArray();
        _fields = parsed with { Content = null };
    }
}
