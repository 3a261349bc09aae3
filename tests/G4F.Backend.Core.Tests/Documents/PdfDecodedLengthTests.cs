using System.IO.Compression;
using System.Text;
using G4F.Backend.Documents;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>The expansion counts agree with what PdfPig's own decoders produce, so the budget is checked against the real size.</summary>
public sealed class PdfDecodedLengthTests
{
    private static readonly DictionaryToken NoParameters = new(new Dictionary<NameToken, IToken>());

    [Fact]
    public void The_run_length_count_matches_pdfpig()
    {
        // 128 copies of 'a', then three literal bytes, then the end marker.
        byte[] data = [129, (byte)'a', 2, (byte)'x', (byte)'y', (byte)'z', 128];
        var decoded = new RunLengthFilter().Decode(data, NoParameters, DefaultFilterProvider.Instance, 0).Length;

        decoded.Should().Be(131);
        PdfDecodedLength.RunLengthExceeds(data, decoded - 1).Should().BeTrue();
        PdfDecodedLength.RunLengthExceeds(data, decoded).Should().BeFalse();
    }

    [Fact]
    public void The_lzw_count_matches_pdfpig_on_a_growing_chain()
    {
        // 'A', then each next code names the entry about to be made: outputs of 1, 2, 3 ... bytes, the LZW bomb's shape.
        var codes = new List<int> { 256, 65 };
        codes.AddRange(Enumerable.Range(258, 243));
        codes.Add(257);
        var data = Pack(codes, 9);
        var decoded = new LzwFilter().Decode(data, NoParameters, DefaultFilterProvider.Instance, 0).Length;

        decoded.Should().Be(244 * 245 / 2);
        PdfDecodedLength.LzwExceeds(data, earlyChange: true, decoded - 1, CancellationToken.None).Should().BeTrue();
        PdfDecodedLength.LzwExceeds(data, earlyChange: true, decoded, CancellationToken.None).Should().BeFalse();
    }

    [Fact]
    public void A_flate_stream_inflated_within_its_cap_is_what_pdfpig_decodes()
    {
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"BT /F1 10 Tf 72 {i % 700} Td (line {i}) Tj ET\n")));
        var data = Zlib(text);
        var pdfPigs = new FlateFilter().Decode(data, NoParameters, DefaultFilterProvider.Instance, 0).ToArray();

        var inflated = PdfDecodedLength.InflateWithin(data, text.Length, CancellationToken.None, out var exceeded);

        exceeded.Should().BeFalse();
        pdfPigs.Should().Equal(text);
        inflated!.Value.ToArray().Should().Equal(pdfPigs);
    }

    [Fact]
    public void A_flate_stream_past_its_cap_is_not_kept_and_says_so()
    {
        var data = Zlib(new byte[1 << 20]);

        var inflated = PdfDecodedLength.InflateWithin(data, (1 << 20) - 1, CancellationToken.None, out var exceeded);

        inflated.Should().BeNull();
        exceeded.Should().BeTrue();
    }

    [Fact]
    public void A_corrupt_flate_stream_is_left_to_pdfpig_which_gives_back_its_bytes()
    {
        byte[] data = [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0x00];

        var inflated = PdfDecodedLength.InflateWithin(data, 1 << 20, CancellationToken.None, out var exceeded);

        (inflated, exceeded).Should().Be(((Memory<byte>?)null, false));
        new FlateFilter().Decode(data, NoParameters, DefaultFilterProvider.Instance, 0).ToArray().Should().Equal(data);
    }

    private static byte[] Zlib(byte[] bytes)
    {
        using var target = new MemoryStream();
        using (var zlib = new ZLibStream(target, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return target.ToArray();
    }

    private static byte[] Pack(List<int> codes, int width)
    {
        var bytes = new byte[((codes.Count * width) + 7) / 8];
        var bit = 0;
        foreach (var code in codes)
        {
            for (var i = width - 1; i >= 0; i--, bit++)
            {
                if (((code >> i) & 1) != 0)
                {
                    bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
                }
            }
        }

        return bytes;
    }
}
