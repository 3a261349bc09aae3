using System.Text;

namespace G4F.Backend.Buckets;

/// <summary>
/// Cuts bucket text into the pieces of PROTOCOL 6.3, at line ends: a piece is cut once it holds 4 KiB and ends a
/// complete fenced code block, otherwise once it holds 8 KiB. Feed whole lines (each ending in <c>\n</c>) or text
/// that ends at a line end; <see cref="Flush"/> returns the smaller last piece.
/// </summary>
internal sealed class BucketTextPieces
{
    public const int MinPieceBytes = 4096;
    public const int MaxPieceBytes = 8192;

    private readonly StringBuilder _piece = new();
    private int _bytes;
    private int _fences;

    /// <summary>Adds <paramref name="text"/> line by line; returns the pieces that became complete.</summary>
    public IEnumerable<string> Add(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            var line = text.AsSpan(start, end - start);
            start = end;
            _piece.Append(line);
            _bytes += Encoding.UTF8.GetByteCount(line);

            // No fence spans two lines, so counting per line equals counting in the whole piece.
            _fences += CountFences(line);
            if (_bytes >= MinPieceBytes && (EndsCodeBlock() || _bytes >= MaxPieceBytes))
            {
                yield return Take();
            }
        }
    }

    /// <summary>The rest, or null when nothing is left.</summary>
    public string? Flush() => _bytes > 0 || _piece.Length > 0 ? Take() : null;

    private bool EndsCodeBlock()
    {
        const string closing = "\n```\n\n";
        if (_fences % 2 != 0 || _piece.Length < closing.Length)
        {
            return false;
        }

        for (var i = 0; i < closing.Length; i++)
        {
            if (_piece[_piece.Length - closing.Length + i] != closing[i])
            {
                return false;
            }
        }

        return true;
    }

    private string Take()
    {
        var piece = _piece.ToString();
        _piece.Clear();
        _bytes = 0;
        _fences = 0;
        return piece;
    }

    // Non-overlapping occurrences of ``` as Python's str.count counts them.
    private static int CountFences(ReadOnlySpan<char> line)
    {
        var count = 0;
        int at;
        while ((at = line.IndexOf("```", StringComparison.Ordinal)) >= 0)
        {
            count++;
            line = line[(at + 3)..];
        }

        return count;
    }
}
