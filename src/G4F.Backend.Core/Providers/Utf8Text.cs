using System.Buffers;
using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>A JSON string value as the UTF-8 bytes of its text, never as a .NET string (an upstream delta on its way to the client).</summary>
internal static class Utf8Text
{
    /// <summary>Longest escaped value unescaped on the stack; longer ones borrow from the pool.</summary>
    private const int StackLimit = 256;

    /// <summary>
    /// The text of the string at the reader, unescaped, in a new array of exactly its length; null (the value skipped)
    /// when the value is not a string. The bytes are those <see cref="Utf8JsonReader.GetString"/> would decode, and bad
    /// escapes (an unpaired surrogate as <c>\ud800</c>) throw the same <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <remarks>The caller checked the whole input is valid UTF-8, so unescaped bytes are copied as they are.</remarks>
    public static byte[]? Of(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan.ToArray();
        }

        // Unescaped text is never longer than its escaped form.
        var escapedLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = escapedLength <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(escapedLength));
        try
        {
            var written = reader.CopyString(buffer);
            return buffer[..written].ToArray();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
