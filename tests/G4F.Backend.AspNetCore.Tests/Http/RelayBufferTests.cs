using System.Buffers;
using G4F.Backend.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Tests.Http;

/// <summary>The pooled batch a relay stages its output in.</summary>
public sealed class RelayBufferTests
{
    [Fact]
    public void What_is_written_after_a_mark_can_be_taken_back()
    {
        using var buffer = new RelayBuffer();
        buffer.Write("data: "u8);
        var mark = buffer.WrittenCount;

        buffer.Write("{\"head\":"u8);
        buffer.Truncate(mark);
        buffer.Write("[DONE]"u8);

        buffer.WrittenSpan.SequenceEqual("data: [DONE]"u8).Should().BeTrue();
        var past = () => buffer.Truncate(buffer.WrittenCount + 1);
        past.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void It_grows_past_its_first_array_keeping_what_was_staged_and_starts_small_again_once_cleared()
    {
        using var buffer = new RelayBuffer();
        var item = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

        buffer.Write("x"u8);
        buffer.Write(item);

        buffer.WrittenCount.Should().Be(100_001);
        buffer.WrittenSpan[1..].SequenceEqual(item).Should().BeTrue();
        buffer.Clear();
        buffer.WrittenCount.Should().Be(0);
        buffer.GetSpan().Length.Should().BeLessThan(100_000, "an array grown by one large item is not kept for the rest of the stream");
    }
}
