using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace G4F.Backend.Testing;

/// <summary>Writes the fake's JSON the way real upstreams do: compact, non-ASCII and <c>&lt;</c> left unescaped.</summary>
internal static class FakeJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
