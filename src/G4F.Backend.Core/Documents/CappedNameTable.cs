using System.Xml;

namespace G4F.Backend.Documents;

/// <summary>
/// The name table of the pre-read's <see cref="XmlReader"/>, which keeps every distinct element and attribute name
/// for the life of the reader: a part of millions of distinct names would grow it without bound, so it stops at
/// <see cref="MaxNames"/> (real Office parts use a few hundred).
/// </summary>
internal sealed class CappedNameTable(string format) : XmlNameTable
{
    public const int MaxNames = 65_536;

    private readonly NameTable _inner = new();
    private int _count;

    public override string Add(char[] array, int offset, int length) => _inner.Get(array, offset, length) ?? Added(_inner.Add(array, offset, length));

    public override string Add(string array) => _inner.Get(array) ?? Added(_inner.Add(array));

    public override string? Get(char[] array, int offset, int length) => _inner.Get(array, offset, length);

    public override string? Get(string array) => _inner.Get(array);

    private string Added(string name)
    {
        if (++_count > MaxNames)
        {
            throw new DocumentConversionException($"The {format} file is too large to read: a part uses more than {MaxNames} distinct XML names.");
        }

        return name;
    }
}
