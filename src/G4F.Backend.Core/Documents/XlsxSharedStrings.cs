using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace G4F.Backend.Documents;

/// <summary>
/// An XLSX shared-string table, streamed item by item and kept compact: the texts end to end in 64 K-character
/// pages and one end offset per item, instead of millions of string objects. The table is capped at
/// <see cref="MaxCount"/> items and <see cref="MaxChars"/> characters, so a part of twenty million empty items (half
/// a megabyte compressed) is refused, not held.
/// </summary>
internal sealed class XlsxSharedStrings
{
    /// <summary>The most items kept (16 MB of offsets); real workbooks of tens of megabytes have a few hundred thousand.</summary>
    public const int MaxCount = 4_000_000;

    /// <summary>The most characters kept (32 MB).</summary>
    public const int MaxChars = 16 * 1024 * 1024;

    private const int PageBits = 16;
    private const int PageSize = 1 << PageBits;

    private readonly List<char[]> _pages = [];
    private readonly List<int> _ends = [];
    private int _length;

    public XlsxSharedStrings(SharedStringTablePart? part, OpenXmlBudget budget, Func<OpenXmlElement, string> text, CancellationToken cancellationToken)
    {
        if (part is null)
        {
            return;
        }

        using var reader = OpenXmlReader.Create(part);
        if (!reader.Read() || !reader.IsStartElement)
        {
            return;
        }

        foreach (var item in OpenXmlStream.Children(reader, cancellationToken))
        {
            if (item.ElementType != typeof(SharedStringItem))
            {
                OpenXmlStream.Skip(item);
                continue;
            }

            budget.EnsureBlock(part, item.Depth, item.LocalName, "a shared string");
            Add(text(OpenXmlStream.Load(item)));
        }
    }

    /// <summary>The text of item <paramref name="index"/>; empty for an index out of range.</summary>
    public string this[int index]
    {
        get
        {
            if (index < 0 || index >= _ends.Count)
            {
                return string.Empty;
            }

            var start = index == 0 ? 0 : _ends[index - 1];
            var length = _ends[index] - start;
            return length == 0 ? string.Empty : string.Create(length, (this, start), static (span, state) => state.Item1.Copy(state.start, span));
        }
    }

    private void Add(string value)
    {
        if (_ends.Count >= MaxCount || _length > MaxChars - value.Length)
        {
            throw new DocumentConversionException($"The XLSX file is too large to read: its shared strings are more than {MaxCount} items or {MaxChars} characters.");
        }

        var source = value.AsSpan();
        while (!source.IsEmpty)
        {
            var offset = _length & (PageSize - 1);
            if (offset == 0 && (_length >> PageBits) == _pages.Count)
            {
                _pages.Add(new char[PageSize]);
            }

            var take = Math.Min(source.Length, PageSize - offset);
            source[..take].CopyTo(_pages[_length >> PageBits].AsSpan(offset));
            source = source[take..];
            _length += take;
        }

        _ends.Add(_length);
    }

    private void Copy(int start, Span<char> target)
    {
        while (!target.IsEmpty)
        {
            var offset = start & (PageSize - 1);
            var take = Math.Min(target.Length, PageSize - offset);
            _pages[start >> PageBits].AsSpan(offset, take).CopyTo(target);
            target = target[take..];
            start += take;
        }
    }
}
