using G4F.Backend.Buckets;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>The piece rule of PROTOCOL 6.3, checked against the original's read_path_chunked behaviour.</summary>
public sealed class BucketTextPiecesTests
{
    [Fact]
    public void Prose_is_cut_at_the_first_line_end_after_8_KiB()
    {
        var pieces = new BucketTextPieces();
        var line = new string('x', 99) + "\n";

        var cut = Enumerable.Range(0, 200).SelectMany(_ => pieces.Add(line)).ToList();

        cut.Should().HaveCount(2).And.OnlyContain(p => p.Length == 8200, "82 lines of 100 bytes are the first to reach 8192");
        pieces.Flush().Should().HaveLength(20000 - 16400);
        pieces.Flush().Should().BeNull();
    }

    [Fact]
    public void A_complete_code_block_ends_a_piece_once_it_holds_4_KiB()
    {
        var pieces = new BucketTextPieces();
        var block = "```\n" + string.Concat(Enumerable.Repeat(new string('c', 99) + "\n", 45)) + "```\n\n";

        var cut = pieces.Add(block).ToList();

        cut.Should().Equal(block);
    }

    [Fact]
    public void An_open_code_block_waits_for_8_KiB()
    {
        var pieces = new BucketTextPieces();
        var text = "```\n```\n" + string.Concat(Enumerable.Repeat(new string('c', 99) + "\n", 45)) + "```\n\n";

        pieces.Add(text).Should().BeEmpty("two fences before the closing one leave a block open");
        pieces.Flush().Should().Be(text);
    }

    [Fact]
    public void Multi_byte_text_is_measured_in_utf8_bytes()
    {
        var pieces = new BucketTextPieces();
        var line = new string('é', 49) + "\n"; // 99 bytes

        var cut = Enumerable.Range(0, 100).SelectMany(_ => pieces.Add(line)).ToList();

        cut[0].Length.Should().Be(83 * 50, "83 lines of 99 bytes are the first to reach 8192 bytes");
    }
}
