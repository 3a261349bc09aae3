using System.Buffers;
using System.Text;
using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>
/// Counts the values of a JSON text with one pass of <see cref="Utf8JsonReader"/>, which builds nothing, so a document
/// is parsed into a tree only when its values are bounded: a tree costs some 20 to 40 bytes a value, and a 16 MiB string
/// of <c>[0,0,...]</c> holds 8 million of them (some 350 MiB parsed). A text that is not valid JSON counts as within: the
/// parse that follows reports it as it always did.
/// </summary>
internal static class JsonValueCount
{
    /// <summary>
    /// The most values of one tool call's <c>arguments</c> string, parsed where a provider or the search tool needs its
    /// object: as many as all tools' schemas of a request may hold.
    /// </summary>
    public const int MaxToolArguments = 20_000;

    /// <summary>Whether <paramref name="utf8"/> holds at most <paramref name="max"/> JSON values (tokens).</summary>
    public static bool IsWithin(ReadOnlySpan<byte> utf8, int max, JsonReaderOptions options = default)
    {
        var reader = new Utf8JsonReader(utf8, options);
        var values = 0;
        try
        {
            while (reader.Read())
            {
                if (++values > max)
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
        }

        return true;
    }

    /// <summary>Whether <paramref name="json"/> holds at most <paramref name="max"/> JSON values (tokens).</summary>
    public static bool IsWithin(string json, int max, JsonReaderOptions options = default)
    {
        ArgumentNullException.ThrowIfNull(json);

        // Fewer characters than values is impossible: a short text needs no count (and no UTF-8 copy).
        if (json.Length <= max)
        {
            return true;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            return IsWithin(buffer.AsSpan(0, length), max, options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
