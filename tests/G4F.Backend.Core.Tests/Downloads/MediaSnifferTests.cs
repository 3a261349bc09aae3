using G4F.Backend.Downloads;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>Recognising media by their first bytes, for bodies sent as octet-stream.</summary>
public sealed class MediaSnifferTests
{
    [Theory]
    [InlineData("FFD8FFE000104A464946", "image/jpeg")]
    [InlineData("89504E470D0A1A0A0000000D", "image/png")]
    [InlineData("474946383961", "image/gif")]
    [InlineData("52494646000000005745425056503820", "image/webp")]
    [InlineData("524946460000000057415645666D7420", "audio/wav")]
    [InlineData("52494646000000004156492000000000", "video/x-msvideo")]
    [InlineData("664C614300000022", "audio/flac")]
    [InlineData("4F676753000200000000", "audio/ogg")]
    [InlineData("49443303000000000000", "audio/mpeg")]
    [InlineData("FFFB9064000000000000", "audio/mpeg")]
    [InlineData("000000206674797069736F6D00000200", "video/mp4")]
    [InlineData("00000014667479707174202000000000", "video/quicktime")]
    [InlineData("00000020667479704D34412000000000", "audio/m4a")]
    [InlineData("1A45DFA3A34286810142F7810142F2810442F381084282847765626D", "video/webm")]
    [InlineData("1A45DFA3A34286810142F7810142F281044282886D6174726F736B61", "video/x-matroska")]
    [InlineData("000001BA4400040004", "video/mpeg")]
    public void Known_formats_are_recognised(string hex, string expected) =>
        MediaSniffer.Sniff(Convert.FromHexString(hex)).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("3C68746D6C3E")] // <html>
    [InlineData("3C3F786D6C")] // <?xml
    [InlineData("504B0304")] // zip
    [InlineData("255044462D")] // %PDF-
    [InlineData("FFF1")] // AAC ADTS, not MPEG audio
    [InlineData("52494646")] // RIFF without a form type
    public void Other_bytes_are_not_media(string hex) =>
        MediaSniffer.Sniff(Convert.FromHexString(hex)).Should().BeNull();
}
