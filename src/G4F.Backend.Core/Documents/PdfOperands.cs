using System.Globalization;

namespace G4F.Backend.Documents;

/// <summary>
/// The operands read since the last operator, at most <see cref="MaxOperands"/> (a content stream of numbers with no
/// operator cannot grow a list without end). Operators take their operands from the end, as readers do when a
/// writer left extra ones.
/// </summary>
internal sealed class PdfOperands
{
    /// <summary>Most operands before one operator: far above any real one (a long <c>TJ</c> array has some thousands).</summary>
    public const int MaxOperands = 100_000;

    private PdfOperand[] _items = new PdfOperand[64];

    public int Count { get; private set; }

    public PdfOperand this[int index] => _items[index];

    public void Push(in PdfOperand operand)
    {
        if (Count == _items.Length)
        {
            if (Count >= MaxOperands)
            {
                throw new DocumentConversionException(string.Create(CultureInfo.InvariantCulture, $"A PDF content stream has more than {MaxOperands:N0} operands before one operator."));
            }

            Array.Resize(ref _items, Math.Min(Count * 2, MaxOperands));
        }

        _items[Count++] = operand;
    }

    public void Clear() => Count = 0;

    /// <summary>The number <paramref name="fromEnd"/> places from the end (1 is the last), or 0 when it is not a number.</summary>
    public double Number(int fromEnd) =>
        Count - fromEnd is var index && index >= 0 && _items[index].Kind == PdfContentTokenKind.Number ? _items[index].Number : 0;

    /// <summary>The operand <paramref name="fromEnd"/> places from the end when it has <paramref name="kind"/>.</summary>
    public bool TryGet(int fromEnd, PdfContentTokenKind kind, out PdfOperand operand)
    {
        var index = Count - fromEnd;
        operand = index >= 0 ? _items[index] : default;
        return index >= 0 && operand.Kind == kind;
    }

    /// <summary>The last operand when it is a string (literal or hex).</summary>
    public bool TryGetLastString(out PdfOperand operand)
    {
        operand = Count > 0 ? _items[Count - 1] : default;
        return Count > 0 && operand.Kind is PdfContentTokenKind.LiteralString or PdfContentTokenKind.HexString;
    }
}
