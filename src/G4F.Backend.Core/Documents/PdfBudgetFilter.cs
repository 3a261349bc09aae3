using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace G4F.Backend.Documents;

/// <summary>
/// One of PdfPig's filters with its output counted against the file's <see cref="PdfDecodeBudget"/>. When the
/// filter could expand its input past what is left, the decoded length is counted first without keeping the output
/// (<see cref="PdfDecodedLength"/>), so PdfPig never allocates a bomb's buffer; otherwise the input's size bounds the
/// output. A Flate stream without a predictor (nearly every one) is inflated here, within what is left, into an array of
/// its exact length. Image filters (DCT, JPX, JBIG2, CCITT) are reported unsupported: text extraction needs no pixels,
/// and PdfPig then never decodes them.
/// </summary>
internal sealed class PdfBudgetFilter(IFilter inner, PdfFilterKind kind, PdfDecodeBudget budget) : IFilter
{
    public bool IsSupported => kind != PdfFilterKind.Image && inner.IsSupported;

    public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
    {
        budget.ThrowIfOverrun();
        if (kind == PdfFilterKind.Image)
        {
            throw new NotSupportedException("Image data is not decoded for text.");
        }

        var remaining = budget.Remaining;

        // A Flate stream without a predictor is inflated here, once and within what is left, into an array of its
        // exact length (PdfPig's filter copies the input and grows its output by doubling: three times the garbage).
        if (kind == PdfFilterKind.Flate && !HasPredictor(streamDictionary, filterIndex))
        {
            var inflated = PdfDecodedLength.InflateWithin(input, remaining, budget.CancellationToken, out var exceeded);
            if (exceeded)
            {
                throw budget.Overflow();
            }

            if (inflated is { } decoded)
            {
                budget.Consume(decoded.Length);
                return decoded;
            }
        }
        else if (WorstCase(input.Length) > remaining && Exceeds(input, streamDictionary, filterIndex, remaining))
        {
            throw budget.Overflow();
        }

        var output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
        budget.Consume(output.Length);
        return output;
    }

    // The most a filter can make of its input: deflate's ratio is at most 1032:1, an LZW code of 9 bits or more
    // stands for up to 4096 bytes, a RunLength pair for 128, an ASCII85 'z' for 4.
    private double WorstCase(int length) => kind switch
    {
        PdfFilterKind.Flate => (length * 1032.0) + 1024,
        PdfFilterKind.Lzw => ((length * 8.0 / 9) + 1) * 4096,
        PdfFilterKind.RunLength => (length * 64.0) + 128,
        _ => (length * 4.0) + 4,
    };

    private bool Exceeds(Memory<byte> input, DictionaryToken streamDictionary, int filterIndex, long cap) => kind switch
    {
        PdfFilterKind.Flate => PdfDecodedLength.FlateExceeds(input, cap, budget.CancellationToken),
        PdfFilterKind.Lzw => PdfDecodedLength.LzwExceeds(input.Span, EarlyChange(streamDictionary, filterIndex), cap, budget.CancellationToken),
        PdfFilterKind.RunLength => PdfDecodedLength.RunLengthExceeds(input.Span, cap),
        _ => false, // ASCII filters: their output is counted once decoded, and it is at most 4 times the input.
    };

    // EarlyChange defaults to 1.
    private static bool EarlyChange(DictionaryToken streamDictionary, int filterIndex) =>
        Parameters(streamDictionary, filterIndex) is not { } dictionary
        || !dictionary.TryGet(NameToken.EarlyChange, out var value)
        || value is not NumericToken number
        || number.Int == 1;

    // Predictor 1 (or none) leaves the inflated bytes as they are.
    private static bool HasPredictor(DictionaryToken streamDictionary, int filterIndex) =>
        Parameters(streamDictionary, filterIndex) is { } dictionary
        && dictionary.TryGet(NameToken.Predictor, out var value)
        && (value is not NumericToken number || number.Int > 1);

    // /DecodeParms is a dictionary, or an array with one per filter.
    private static DictionaryToken? Parameters(DictionaryToken streamDictionary, int filterIndex)
    {
        var parameters = streamDictionary.TryGet(NameToken.DecodeParms, out var token) || streamDictionary.TryGet(NameToken.Dp, out token) ? token : null;
        if (parameters is ArrayToken array)
        {
            parameters = filterIndex < array.Data.Count ? array.Data[filterIndex] : null;
        }

        return parameters as DictionaryToken;
    }
}
