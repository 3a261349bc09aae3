using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>
/// An upstream request body written straight to UTF-8 JSON, without an intermediate tree, and sent buffered
/// so the upstream gets a Content-Length.
/// </summary>
internal static class JsonRequestContent
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static HttpContent Create<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, state);
        }

        var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = Json;
        return content;
    }
}
