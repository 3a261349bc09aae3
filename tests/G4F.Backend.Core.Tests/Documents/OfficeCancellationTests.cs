using System.Text;
using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// A conversion whose token is cancelled stops inside its loops (the conversion timeout relies on it): checked by
/// what the converter still did after the cancellation, not by timing.
/// </summary>
public sealed class OfficeCancellationTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    public static TheoryData<string> Formats => ["docx", "xlsx", "pptx"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_token_cancelled_while_the_output_is_written_stops_the_conversion_within_one_flush(string format)
    {
        // Each document is more than a megabyte of markdown; the writer cancels at its first write (32 K characters).
        var (name, bytes) = format switch
        {
            "docx" => ("big.docx", BombSamples.Docx(BombSamples.Repeated(BombSamples.BodyHead, "<w:p><w:r><w:t>several words of text</w:t></w:r></w:p>", 100_000, BombSamples.BodyTail))),
            "xlsx" => ("big.xlsx", BombSamples.XlsxWith(BombSamples.Repeated("<sheetData>", """<row><c t="inlineStr"><is><t>several words of text</t></is></c></row>""", 100_000, "</sheetData>"), null)),
            _ => ("big.pptx", BombSamples.PptxWithSlide(BombSamples.Repeated(BombSamples.SlideHead, "<p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:t>several words of text</a:t></a:r></a:p></p:txBody></p:sp>", 100_000, BombSamples.SlideTail))),
        };
        using var cancellation = new CancellationTokenSource();
        var output = new CancellingWriter(cancellation);
        var converter = _harness.Converters.Find(name, null)!;

        var act = () => converter.ConvertAsync(new DocumentInput(name, null, new MemoryStream(bytes)), output, cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        output.Written.Should().BeGreaterThan(0).And.BeLessThan(100_000, "the conversion stops at its next check, not at the end of the part or slide");
    }

    public void Dispose() => _harness.Dispose();

    /// <summary>Cancels <paramref name="cancellation"/> at the first write and counts what is written.</summary>
    private sealed class CancellingWriter(CancellationTokenSource cancellation) : StringWriter
    {
        public long Written { get; private set; }

        public override void Write(char value) => Count(1);

        public override void Write(string? value) => Count(value?.Length ?? 0);

        public override void Write(char[] buffer, int index, int count) => Count(count);

        public override void Write(ReadOnlySpan<char> buffer) => Count(buffer.Length);

        public override Task WriteAsync(StringBuilder? value, CancellationToken cancellationToken = default)
        {
            Count(value?.Length ?? 0);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            return Task.CompletedTask;
        }

        private void Count(long chars)
        {
            Written += chars;
            cancellation.Cancel();
        }
    }
}
