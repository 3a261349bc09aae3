using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace G4F.Backend.Sharing;

/// <summary>
/// The version of a shared chat: its top-level <c>updated</c> when that is an integral JSON number,
/// otherwise 0 ("unversioned"). One rule for a posted chat and for a stored file.
/// </summary>
internal static class ChatVersion
{
    public const string PropertyName = "updated";

    private const int InitialBufferSize = 4096;

    /// <summary>Deeper than any body the HTTP reader accepts (128), so a chat it accepted is always readable here.</summary>
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>The version of a posted chat.</summary>
    public static long Of(JsonObject chat) =>
        chat.TryGetPropertyValue(PropertyName, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? FromNumber(value.TryGetValue<long>(out var integer) ? integer : null, value.TryGetValue<double>(out var real) ? real : double.NaN)
            : 0;

    /// <summary>
    /// Reads the version of stored JSON from <paramref name="utf8Json"/>, stopping at the top-level <c>updated</c>
    /// (the store writes it first, so usually after a few bytes). Unreadable or malformed JSON has version 0:
    /// whatever is there, a versioned write may replace it.
    /// </summary>
    public static async ValueTask<long> ReadAsync(Stream utf8Json, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var state = new JsonReaderState(ReaderOptions);
            var valueNext = false;
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    // One token (a long string) fills the buffer: grow it so the reader can see the whole token.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await utf8Json.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
                count += read;
                var isFinalBlock = read == 0;
                if (Scan(buffer.AsSpan(0, count), isFinalBlock, ref state, ref valueNext, out var consumed) is { } version)
                {
                    return version;
                }

                if (isFinalBlock)
                {
                    return 0;
                }

                buffer.AsSpan(consumed, count - consumed).CopyTo(buffer);
                count -= consumed;
            }
        }
        catch (JsonException)
        {
            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the tokens complete in <paramref name="data"/>; the version once it is known, else null.
    /// <paramref name="valueNext"/> says the last token was the top-level <c>updated</c> name, across buffer refills.
    /// </summary>
    private static long? Scan(ReadOnlySpan<byte> data, bool isFinalBlock, ref JsonReaderState state, ref bool valueNext, out int consumed)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, state);
        while (reader.Read())
        {
            if (valueNext)
            {
                consumed = (int)reader.BytesConsumed;
                return reader.TokenType == JsonTokenType.Number
                    ? FromNumber(reader.TryGetInt64(out var integer) ? integer : null, reader.TryGetDouble(out var real) ? real : double.NaN)
                    : 0;
            }

            if (reader.CurrentDepth == 0 && reader.TokenType != JsonTokenType.StartObject)
            {
                consumed = (int)reader.BytesConsumed;
                return 0;
            }

            valueNext = reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(PropertyName);
        }

        consumed = (int)reader.BytesConsumed;
        state = reader.CurrentState;
        return null;
    }

    /// <summary>An integral number as it is; 1.7e12 too (it is integral); fractions and out-of-range values are 0.</summary>
    private static long FromNumber(long? integer, double real) =>
        integer ?? (double.IsFinite(real) && Math.Floor(real) == real && real >= long.MinValue && real < long.MaxValue ? (long)real : 0);
}
