using System.Runtime.CompilerServices;
using System.Text;

namespace G4F.Backend.Buckets;

/// <summary>
/// Streams one stored document into <see cref="BucketTextPieces"/> framed as PROTOCOL 6.3 frames it
/// (<c>&lt;!-- File: name --&gt;</c>, the text trimmed as <see cref="string.Trim()"/> trims, <c>&lt;-- End --&gt;</c>) in
/// bounded memory: leading whitespace is skipped while reading, a whitespace run is held back until text follows it
/// (so trailing whitespace is never written), and a line without a newline is cut at <see cref="MaxLineBytes"/>.
/// </summary>
internal sealed class BucketDocumentText(BucketTextPieces pieces)
{
    /// <summary>A longer line is passed on in parts, so no piece grows without bound.</summary>
    public const int MaxLineBytes = BucketTextPieces.MaxPieceBytes;

    /// <summary>The most whitespace held back in memory; a longer run is read again from the file when text follows it.</summary>
    public const int MaxHeldChars = 64 * 1024;

    private const int ChunkChars = 8192;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly StringBuilder _line = new();
    private readonly StringBuilder _held = new();
    private readonly List<string> _ready = [];
    private int _lineBytes;
    private long _heldStart;
    private long _heldLength;

    /// <summary>The pieces that became complete while <paramref name="stream"/> (the document <paramref name="name"/>) was read.</summary>
    public async IAsyncEnumerable<string> ReadAsync(Stream stream, string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Emit($"<!-- File: {name} -->\n");
        var buffer = new char[ChunkChars];
        var started = false;
        long position = 0;
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, 16384, leaveOpen: true);
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var at = 0;
            while (at < read)
            {
                var end = at;
                var space = char.IsWhiteSpace(buffer[at]);
                while (end < read && char.IsWhiteSpace(buffer[end]) == space)
                {
                    end++;
                }

                if (space)
                {
                    // Leading whitespace is dropped; any other run waits until it is known not to be trailing.
                    if (started)
                    {
                        Hold(buffer.AsSpan(at, end - at), position + at);
                    }
                }
                else
                {
                    started = true;
                    if (_heldLength > _held.Length)
                    {
                        await foreach (var piece in ReplayHeldAsync(stream, cancellationToken).ConfigureAwait(false))
                        {
                            yield return piece;
                        }
                    }

                    Emit(_held.ToString());
                    ClearHeld();
                    Emit(buffer.AsSpan(at, end - at));
                }

                at = end;
            }

            position += read;
            foreach (var piece in Drain())
            {
                yield return piece;
            }
        }

        ClearHeld();
        Emit("\n<-- End -->\n\n");
        foreach (var piece in Drain())
        {
            yield return piece;
        }
    }

    private void Hold(ReadOnlySpan<char> space, long start)
    {
        if (_heldLength == 0)
        {
            _heldStart = start;
        }

        _heldLength += space.Length;
        if (_heldLength <= MaxHeldChars)
        {
            _held.Append(space);
        }
        else
        {
            // Too long to keep: only where it starts and how long it is are remembered.
            _held.Clear();
        }
    }

    private void ClearHeld()
    {
        _held.Clear();
        _heldLength = 0;
    }

    // A whitespace run too long to hold turned out not to be trailing: decode the file again up to it and pass it on.
    private async IAsyncEnumerable<string> ReplayHeldAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!stream.CanSeek)
        {
            ClearHeld();
            yield break;
        }

        var resume = stream.Position;
        stream.Position = 0;
        var buffer = new char[ChunkChars];
        long position = 0;
        var end = _heldStart + _heldLength;
        using (var replay = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: true, 16384, leaveOpen: true))
        {
            int read;
            while (position < end && (read = await replay.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var from = (int)Math.Clamp(_heldStart - position, 0, read);
                var to = (int)Math.Clamp(end - position, 0, read);
                Emit(buffer.AsSpan(from, to - from));
                position += read;
                foreach (var piece in Drain())
                {
                    yield return piece;
                }
            }
        }

        stream.Position = resume;
        ClearHeld();
    }

    private void Emit(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var part = newline < 0 ? text : text[..(newline + 1)];
            text = text[part.Length..];
            _line.Append(part);
            _lineBytes += Encoding.UTF8.GetByteCount(part);
            if (newline >= 0)
            {
                PassLine(_line.Length);
            }
            else if (_lineBytes >= MaxLineBytes)
            {
                // Never cut between the halves of a surrogate pair.
                PassLine(char.IsHighSurrogate(_line[^1]) ? _line.Length - 1 : _line.Length);
            }
        }
    }

    private void PassLine(int length)
    {
        _ready.AddRange(pieces.Add(_line.ToString(0, length)));
        _line.Remove(0, length);
        _lineBytes = Encoding.UTF8.GetByteCount(_line.ToString());
    }

    private List<string> Drain()
    {
        var ready = _ready.ToList();
        _ready.Clear();
        return ready;
    }
}
