using System.Globalization;
using System.Text.Json;

namespace G4F.Backend.Usage;

/// <summary>
/// Reads the fields <c>/stats</c> needs from one usage line, straight from its UTF-8 bytes (no DOM, no
/// string per line). Everything a file can hold is an answer, never an exception:
/// <list type="bullet">
/// <item>a line that is not one complete JSON object (torn, empty, an array, a bare value, trailing text) is rejected;</item>
/// <item>a token count is the whole part of a non-negative finite number below 2^63, written as a JSON number or as a
/// numeric string (<c>"12"</c>: some clients stringify numbers, and counting them is what their user expects);
/// anything else (null, <c>true</c>, <c>"many"</c>, <c>-5</c>, <c>1e400</c>) counts as absent;</item>
/// <item>a name (model, provider, user) is a non-empty string; anything else counts as absent (<c>unknown</c>);</item>
/// <item>for a key given twice the last one wins, as in most JSON readers; other keys and nested values are ignored.</item>
/// </list>
/// </summary>
internal sealed class UsageLineParser
{
    /// <summary>Marks a count that is absent or unusable.</summary>
    public const long Absent = -1;

    /// <summary>Deeper than any body the HTTP reader accepts (128), so every line the server wrote is read.</summary>
    private const int MaxDepth = 256;

    private char[] _model = new char[64];
    private char[] _provider = new char[64];
    private char[] _user = new char[64];
    private int _modelLength;
    private int _providerLength;
    private int _userLength;

    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public long SavedTokens { get; private set; }

    public long TotalTokens { get; private set; }

    /// <summary>The model of the last parsed line; empty when absent.</summary>
    public ReadOnlySpan<char> Model => _model.AsSpan(0, _modelLength);

    /// <summary>The provider of the last parsed line; empty when absent.</summary>
    public ReadOnlySpan<char> Provider => _provider.AsSpan(0, _providerLength);

    /// <summary>The user of the last parsed line; empty when absent.</summary>
    public ReadOnlySpan<char> User => _user.AsSpan(0, _userLength);

    /// <summary>Parses <paramref name="line"/>; false when it is not one JSON object.</summary>
    public bool TryParse(ReadOnlySpan<byte> line)
    {
        PromptTokens = CompletionTokens = SavedTokens = TotalTokens = Absent;
        _modelLength = _providerLength = _userLength = 0;
        line = line.TrimStart(" \t\r"u8);
        if (line.IsEmpty || line[0] != (byte)'{')
        {
            // Empty lines and bare values are common enough in a damaged file to be refused without an exception.
            return false;
        }

        try
        {
            return ReadObject(line);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string with invalid UTF-8 or a lone surrogate.
            return false;
        }
    }

    private bool ReadObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // The object is complete; anything after it other than whitespace makes Read throw.
                return !reader.Read();
            }

            var field = Field(ref reader);
            reader.Read();
            switch (field)
            {
                case 'm':
                    _modelLength = ReadName(ref reader, ref _model);
                    break;
                case 'p':
                    _providerLength = ReadName(ref reader, ref _provider);
                    break;
                case 'u':
                    _userLength = ReadName(ref reader, ref _user);
                    break;
                case 'P':
                    PromptTokens = ReadCount(ref reader);
                    break;
                case 'C':
                    CompletionTokens = ReadCount(ref reader);
                    break;
                case 'S':
                    SavedTokens = ReadCount(ref reader);
                    break;
                case 'T':
                    TotalTokens = ReadCount(ref reader);
                    break;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return false;
    }

    /// <summary>Which field the current property name is (escaped names compare unescaped); '\0' for the rest.</summary>
    private static char Field(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return EscapedField(ref reader);
        }

        // The common case, one length check and one comparison per key.
        var name = reader.ValueSpan;
        return name.Length switch
        {
            4 when name.SequenceEqual("user"u8) => 'u',
            5 when name.SequenceEqual("model"u8) => 'm',
            8 when name.SequenceEqual("provider"u8) => 'p',
            12 when name.SequenceEqual("total_tokens"u8) => 'T',
            12 when name.SequenceEqual("saved_tokens"u8) => 'S',
            13 when name.SequenceEqual("prompt_tokens"u8) => 'P',
            17 when name.SequenceEqual("completion_tokens"u8) => 'C',
            _ => '\0',
        };
    }

    private static char EscapedField(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("model"u8) ? 'm'
        : reader.ValueTextEquals("provider"u8) ? 'p'
        : reader.ValueTextEquals("user"u8) ? 'u'
        : reader.ValueTextEquals("prompt_tokens"u8) ? 'P'
        : reader.ValueTextEquals("completion_tokens"u8) ? 'C'
        : reader.ValueTextEquals("saved_tokens"u8) ? 'S'
        : reader.ValueTextEquals("total_tokens"u8) ? 'T'
        : '\0';

    private static int ReadName(ref Utf8JsonReader reader, ref char[] buffer)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return 0;
        }

        // Unescaping and transcoding never produce more chars than the value has bytes.
        if (buffer.Length < reader.ValueSpan.Length)
        {
            buffer = new char[Math.Max(reader.ValueSpan.Length, buffer.Length * 2)];
        }

        return reader.CopyString(buffer);
    }

    private static long ReadCount(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                {
                    return whole >= 0 ? whole : Absent;
                }

                return reader.TryGetDouble(out var number) ? FromDouble(number) : Absent;
            case JsonTokenType.String when reader.ValueSpan.Length <= 64:
                Span<char> text = stackalloc char[64];
                text = text[..reader.CopyString(text)];
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out whole))
                {
                    return whole >= 0 ? whole : Absent;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) ? FromDouble(number) : Absent;
            default:
                return Absent;
        }
    }

    /// <summary>2^63 is the first double a long cannot hold.</summary>
    private static long FromDouble(double value) => double.IsFinite(value) && value >= 0 && value < 9223372036854775808d ? (long)value : Absent;
}
