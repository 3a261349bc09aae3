using System.Buffers.Text;
using System.Globalization;

namespace G4F.Backend.Documents;

/// <summary>
/// The tokens of a decoded content stream, read in place: a token is its kind and where its bytes lie, so reading
/// a page allocates nothing per token (PdfPig's parser builds a token object per operand and an operation object
/// per operator). A string's bytes are decoded only when text is shown (<see cref="DecodeString"/>). Lenient as
/// readers are: a stray delimiter is skipped and an unterminated string ends with the stream.
/// </summary>
internal ref struct PdfContentLexer(ReadOnlySpan<byte> content)
{
    private readonly ReadOnlySpan<byte> _content = content;
    private int _position;
    private int _tokenStart;
    private int _tokenLength;

    /// <summary>The bytes of the last token: inside the delimiters for strings, without the slash for names.</summary>
    public readonly ReadOnlySpan<byte> Token => _content.Slice(_tokenStart, _tokenLength);

    /// <summary>Where <see cref="Token"/> starts in the content.</summary>
    public readonly int TokenStart => _tokenStart;

    public PdfContentTokenKind Next()
    {
        while (_position < _content.Length)
        {
            var b = _content[_position];
            if (IsWhitespace(b))
            {
                _position++;
                continue;
            }

            switch (b)
            {
                case (byte)'%':
                    var endOfLine = _content[_position..].IndexOfAny((byte)'\r', (byte)'\n');
                    _position = endOfLine < 0 ? _content.Length : _position + endOfLine;
                    continue;
                case (byte)'(':
                    return Literal();
                case (byte)'<' when Peek(1) == '<':
                    _position += 2;
                    return PdfContentTokenKind.DictionaryOpen;
                case (byte)'<':
                    return Hex();
                case (byte)'>' when Peek(1) == '>':
                    _position += 2;
                    return PdfContentTokenKind.DictionaryClose;
                case (byte)'[':
                    _position++;
                    return PdfContentTokenKind.ArrayOpen;
                case (byte)']':
                    _position++;
                    return PdfContentTokenKind.ArrayClose;
                case (byte)'/':
                    _position++;
                    Regular();
                    return PdfContentTokenKind.Name;
                case (byte)')' or (byte)'>' or (byte)'{' or (byte)'}':
                    _position++;
                    continue;
                default:
                    Regular();
                    return b is >= (byte)'0' and <= (byte)'9' or (byte)'+' or (byte)'-' or (byte)'.'
                        ? PdfContentTokenKind.Number
                        : PdfContentTokenKind.Keyword;
            }
        }

        (_tokenStart, _tokenLength) = (_content.Length, 0);
        return PdfContentTokenKind.End;
    }

    /// <summary>
    /// Skips an inline image's data after its <c>ID</c> operator, up to and including <c>EI</c>: the first <c>EI</c>
    /// that stands alone between whitespace (the data is binary, its length is not always given).
    /// </summary>
    public void SkipInlineImageData()
    {
        var from = _position + 1;
        while (from < _content.Length)
        {
            var found = _content[from..].IndexOf("EI"u8);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            if (IsWhitespace(_content[at - 1]) && (at + 2 == _content.Length || IsWhitespace(_content[at + 2]) || IsDelimiter(_content[at + 2])))
            {
                _position = at + 2;
                return;
            }

            from = at + 1;
        }

        _position = _content.Length;
    }

    /// <summary>The number the last <see cref="PdfContentTokenKind.Number"/> token spells; 0 when it spells none.</summary>
    public readonly double Number()
    {
        var token = Token;
        if (Utf8Parser.TryParse(token, out double value, out var consumed) && consumed == token.Length)
        {
            return value;
        }

        // Writers produce forms Utf8Parser refuses ("5.", "+.5", "--3"): the longest prefix that parses is the value.
        Span<char> chars = stackalloc char[Math.Min(token.Length, 64)];
        var length = 0;
        foreach (var b in token[..chars.Length])
        {
            if (b is (byte)'-' or (byte)'+' && length > 0)
            {
                continue;
            }

            chars[length++] = (char)b;
        }

        return double.TryParse(chars[..length], NumberStyles.Float, CultureInfo.InvariantCulture, out value) ? value : 0;
    }

    /// <summary>
    /// Decodes a string token into <paramref name="into"/> (grown as needed) and returns its length: escapes and
    /// line ends of a literal string, digit pairs of a hex one.
    /// </summary>
    public static int DecodeString(PdfContentTokenKind kind, ReadOnlySpan<byte> token, ref byte[] into)
    {
        if (into.Length < token.Length)
        {
            into = new byte[Math.Max(token.Length, into.Length * 2)];
        }

        return kind == PdfContentTokenKind.HexString ? DecodeHex(token, into) : DecodeLiteral(token, into);
    }

    private static int DecodeHex(ReadOnlySpan<byte> token, byte[] into)
    {
        var length = 0;
        var high = -1;
        foreach (var b in token)
        {
            var digit = HexDigit(b);
            if (digit < 0)
            {
                continue;
            }

            if (high < 0)
            {
                high = digit;
            }
            else
            {
                into[length++] = (byte)((high << 4) | digit);
                high = -1;
            }
        }

        // An odd last digit is followed by an implied 0.
        if (high >= 0)
        {
            into[length++] = (byte)(high << 4);
        }

        return length;
    }

    private static int DecodeLiteral(ReadOnlySpan<byte> token, byte[] into)
    {
        var length = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var b = token[i];
            if (b == '\r')
            {
                // An end of line in a literal string is one line feed, whatever its bytes.
                into[length++] = (byte)'\n';
                i += i + 1 < token.Length && token[i + 1] == '\n' ? 1 : 0;
                continue;
            }

            if (b != '\\' || i + 1 == token.Length)
            {
                into[length++] = b;
                continue;
            }

            var escaped = token[++i];
            switch (escaped)
            {
                case (byte)'n': into[length++] = (byte)'\n'; break;
                case (byte)'r': into[length++] = (byte)'\r'; break;
                case (byte)'t': into[length++] = (byte)'\t'; break;
                case (byte)'b': into[length++] = (byte)'\b'; break;
                case (byte)'f': into[length++] = (byte)'\f'; break;
                case (byte)'\r':
                    // A backslash before a line end continues the string on the next line.
                    i += i + 1 < token.Length && token[i + 1] == '\n' ? 1 : 0;
                    break;
                case (byte)'\n':
                    break;
                case >= (byte)'0' and <= (byte)'7':
                    var value = escaped - '0';
                    for (var digits = 1; digits < 3 && i + 1 < token.Length && token[i + 1] is >= (byte)'0' and <= (byte)'7'; digits++)
                    {
                        value = (value * 8) + (token[++i] - '0');
                    }

                    into[length++] = (byte)value;
                    break;
                default:
                    // \( \) \\ and any other escaped byte stand for that byte.
                    into[length++] = escaped;
                    break;
            }
        }

        return length;
    }

    private PdfContentTokenKind Literal()
    {
        var start = ++_position;
        var depth = 1;
        while (_position < _content.Length)
        {
            var b = _content[_position++];
            if (b == '\\')
            {
                _position++;
            }
            else if (b == '(')
            {
                depth++;
            }
            else if (b == ')' && --depth == 0)
            {
                (_tokenStart, _tokenLength) = (start, _position - 1 - start);
                return PdfContentTokenKind.LiteralString;
            }
        }

        _position = _content.Length;
        (_tokenStart, _tokenLength) = (start, _content.Length - start);
        return PdfContentTokenKind.LiteralString;
    }

    private PdfContentTokenKind Hex()
    {
        var start = ++_position;
        var end = _content[start..].IndexOf((byte)'>');
        _position = end < 0 ? _content.Length : start + end + 1;
        (_tokenStart, _tokenLength) = (start, end < 0 ? _content.Length - start : end);
        return PdfContentTokenKind.HexString;
    }

    private void Regular()
    {
        var start = _position;
        while (_position < _content.Length && !IsWhitespace(_content[_position]) && !IsDelimiter(_content[_position]))
        {
            _position++;
        }

        (_tokenStart, _tokenLength) = (start, _position - start);
    }

    private readonly int Peek(int ahead) => _position + ahead < _content.Length ? _content[_position + ahead] : -1;

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or 0;

    private static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
