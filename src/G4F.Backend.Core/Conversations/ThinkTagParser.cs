using System.Globalization;
using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// The state of <c>&lt;think&gt;</c> splitting over one answer: whether a block is open, when it
/// opened, and the trailing part of the last chunk that may be the start of a tag.
/// </summary>
/// <remarks>
/// Follows the original's <c>ThinkingProcessor</c>: text before a start tag stays content, text in
/// the block becomes reasoning tokens, a whitespace-only rest of the chunk after the end tag is
/// dropped, a start tag quoted in backticks is literal text, and an end tag without a start tag
/// (models whose template opens the block in the prompt) turns the text before it in that chunk
/// into reasoning. Unlike the original it finds tags split across chunks and any number of blocks.
/// </remarks>
internal sealed class ThinkTagParser
{
    public const string StartTag = "<think>";
    public const string EndTag = "</think>";
    public const string ThinkingStatus = "🤔 Is thinking...";

    private readonly TimeProvider _timeProvider;
    private string _held = string.Empty;
    private bool _inBlock;
    private long? _blockStartedAt;
    private char _previousChar;

    public ThinkTagParser(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Whether a block was opened and not closed yet.</summary>
    public bool InBlock => _inBlock;

    /// <summary>Whether the end of an earlier chunk is held back as a possible partial tag.</summary>
    public bool HasHeldText => _held.Length > 0;

    /// <summary>
    /// Splits one text chunk and appends the resulting events to <paramref name="output"/>. The
    /// chunk itself is appended when it needs no change, so plain answers allocate nothing.
    /// </summary>
    public void Process(ContentEvent chunk, List<ResponseEvent> output)
    {
        // Most chunks hold no tag: they pass without the string being made from an upstream delta's UTF-8.
        if (!_inBlock && _held.Length == 0 && !chunk.Contains('<'))
        {
            if (chunk.TryGetLastChar(out var last))
            {
                _previousChar = last;
            }

            output.Add(chunk);
            return;
        }

        var text = chunk.Content;

        var buffer = _held.Length == 0 ? text : string.Concat(_held, text);
        var unchanged = _held.Length == 0 && !_inBlock;
        _held = string.Empty;
        var segmentStart = 0;
        var position = 0;
        int tagStart;
        while ((tagStart = buffer.IndexOf('<', position)) >= 0)
        {
            var rest = buffer.AsSpan(tagStart);
            var quoted = !_inBlock && PrecedingChar(buffer, tagStart) == '`';
            if (!quoted && !_inBlock && rest.StartsWith(StartTag, StringComparison.Ordinal))
            {
                EmitText(buffer, segmentStart, tagStart, output);
                OpenBlock(output);
                position = segmentStart = tagStart + StartTag.Length;
                unchanged = false;
                continue;
            }

            if (!quoted && rest.StartsWith(EndTag, StringComparison.Ordinal))
            {
                // Outside a block the text before the stray end tag was thinking too (see remarks).
                _inBlock = true;
                EmitText(buffer, segmentStart, tagStart, output);
                CloseBlock(output);
                position = segmentStart = SkipWhitespaceRest(buffer, tagStart + EndTag.Length);
                unchanged = false;
                continue;
            }

            if (!quoted && IsPartialTag(rest))
            {
                EmitText(buffer, segmentStart, tagStart, output);
                _held = buffer[tagStart..];
                if (tagStart > 0)
                {
                    _previousChar = buffer[tagStart - 1];
                }

                return;
            }

            position = tagStart + 1;
        }

        if (unchanged)
        {
            output.Add(chunk);
        }
        else
        {
            EmitText(buffer, segmentStart, buffer.Length, output);
        }

        if (buffer.Length > 0)
        {
            _previousChar = buffer[^1];
        }
    }

    /// <summary>Releases held-back text, as content or thinking depending on the state.</summary>
    public void Flush(List<ResponseEvent> output)
    {
        if (_held.Length == 0)
        {
            return;
        }

        var held = _held;
        _held = string.Empty;
        EmitText(held, 0, held.Length, output);
        _previousChar = held[^1];
    }

    private char PrecedingChar(string buffer, int index) => index > 0 ? buffer[index - 1] : _previousChar;

    private bool IsPartialTag(ReadOnlySpan<char> rest) =>
        IsProperPrefix(rest, EndTag) || (!_inBlock && IsProperPrefix(rest, StartTag));

    private static bool IsProperPrefix(ReadOnlySpan<char> rest, string tag) =>
        rest.Length < tag.Length && tag.AsSpan().StartsWith(rest, StringComparison.Ordinal);

    // The original drops what follows the end tag in the same chunk when it is only whitespace.
    private static int SkipWhitespaceRest(string buffer, int start)
    {
        for (var i = start; i < buffer.Length; i++)
        {
            if (!char.IsWhiteSpace(buffer[i]))
            {
                return start;
            }
        }

        return buffer.Length;
    }

    private void EmitText(string buffer, int start, int end, List<ResponseEvent> output)
    {
        if (end <= start)
        {
            return;
        }

        var text = start == 0 && end == buffer.Length ? buffer : buffer[start..end];
        output.Add(_inBlock ? new ReasoningEvent { Token = text } : new ContentEvent(text));
    }

    private void OpenBlock(List<ResponseEvent> output)
    {
        _inBlock = true;
        _blockStartedAt = _timeProvider.GetTimestamp();
        output.Add(new ReasoningEvent { Status = ThinkingStatus, IsThinking = StartTag });
    }

    private void CloseBlock(List<ResponseEvent> output)
    {
        var status = string.Empty;
        if (_blockStartedAt is { } startedAt)
        {
            var seconds = _timeProvider.GetElapsedTime(startedAt).TotalSeconds;
            if (seconds > 1)
            {
                status = string.Create(CultureInfo.InvariantCulture, $"Thought for {seconds:F2}s");
            }
        }

        _inBlock = false;
        _blockStartedAt = null;
        output.Add(new ReasoningEvent { Status = status, IsThinking = EndTag });
    }
}
