using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Events;

/// <summary>A stream writes all its events through one JSON writer; each must come out as if written alone.</summary>
public sealed class ResponseEventWriterReuseTests
{
    [Fact]
    public void Events_through_one_writer_are_the_bytes_of_each_written_alone()
    {
        ResponseEvent[] events =
        [
            new ContentEvent("Hello <b>\"wörld\"</b> 🙂\n"),
            new PassThroughEvent("custom", new JsonObject { ["type"] = "ignored", ["n"] = 1, ["s"] = null }),
            new FinishEvent(new FinishReason("stop")),
            new UsageEvent(new TokenUsage(1, 2, 3)) { Model = "m", Provider = "p" },
            new ContentEvent(string.Empty),
        ];
        var shared = new ArrayBufferWriter<byte>();
        using var json = ResponseEventSerializer.CreateWriter(shared);
        var expected = new StringBuilder();

        foreach (var responseEvent in events)
        {
            ResponseEventSerializer.Serialize(json, responseEvent);
            shared.Write("\n"u8);
            expected.Append(ResponseEventSerializer.SerializeToString(responseEvent)).Append('\n');
        }

        Encoding.UTF8.GetString(shared.WrittenSpan).Should().Be(expected.ToString());
    }
}
