using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace G4F.Backend.Documents;

/// <summary>
/// PdfPig's filters, each wrapped in a <see cref="PdfBudgetFilter"/> for one file's budget. Passed in
/// <c>ParsingOptions.FilterProvider</c>, it is the only way PdfPig decodes a stream (page contents, forms, fonts,
/// object and cross-reference streams alike), so nothing is inflated outside the budget.
/// </summary>
internal sealed class PdfBudgetFilterProvider : IFilterProvider
{
    private readonly Dictionary<IFilter, IFilter> _wrapped = new(ReferenceEqualityComparer.Instance);
    private readonly PdfDecodeBudget _budget;

    public PdfBudgetFilterProvider(PdfDecodeBudget budget)
    {
        _budget = budget;
        foreach (var filter in DefaultFilterProvider.Instance.GetAllFilters())
        {
            _wrapped[filter] = new PdfBudgetFilter(filter, KindOf(filter), budget);
        }
    }

    /// <summary>The file's budget, whose token also stops the page interpreter.</summary>
    public PdfDecodeBudget Budget => _budget;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Wrap(DefaultFilterProvider.Instance.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Wrap(DefaultFilterProvider.Instance.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => [.. _wrapped.Values];

    private static PdfFilterKind KindOf(IFilter filter) => filter switch
    {
        FlateFilter => PdfFilterKind.Flate,
        LzwFilter => PdfFilterKind.Lzw,
        RunLengthFilter => PdfFilterKind.RunLength,
        AsciiHexDecodeFilter or Ascii85Filter => PdfFilterKind.Ascii,
        _ => PdfFilterKind.Image,
    };

    private IFilter[] Wrap(IReadOnlyList<IFilter> filters)
    {
        _budget.ThrowIfOverrun();
        var result = new IFilter[filters.Count];
        for (var i = 0; i < filters.Count; i++)
        {
            // A filter the default provider does not list (none today) would still be counted, as an image one.
            result[i] = _wrapped.TryGetValue(filters[i], out var wrapped) ? wrapped : new PdfBudgetFilter(filters[i], PdfFilterKind.Image, _budget);
        }

        return result;
    }
}
