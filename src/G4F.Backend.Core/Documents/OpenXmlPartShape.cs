using System.Xml;

namespace G4F.Backend.Documents;

/// <summary>
/// What the streaming pre-read learns about one XML part: its element count and, for every element name at the
/// shallow depths where converters load pieces, the weight of the largest such subtree. The weight estimates the
/// DOM a piece becomes: one per element and per attribute, one per <see cref="CharsPerUnit"/> characters of text or
/// attribute value.
/// </summary>
internal sealed class OpenXmlPartShape
{
    /// <summary>Characters of text that weigh as much as one element (an element object costs about 30 characters' memory).</summary>
    public const int CharsPerUnit = 16;

    // The local names of the pieces converters load (paragraph, table row, sheet row, shared string, slide shapes): only
    // these are recorded, so the table stays a few entries whatever names a part invents.
    private static readonly System.Collections.Frozen.FrozenSet<string> Pieces =
        System.Collections.Frozen.FrozenSet.ToFrozenSet(["p", "tr", "row", "si", "sp", "grpSp", "graphicFrame"], StringComparer.Ordinal);

    private readonly Dictionary<(int Depth, string Name), long> _largest = [];
    private readonly long[] _startWeight;
    private readonly char[] _chunk = new char[4096];
    private long _chars;
    private long _units;

    public OpenXmlPartShape(int maxDepth) => _startWeight = new long[maxDepth + 2];

    /// <summary>Elements seen so far.</summary>
    public long Elements { get; private set; }

    /// <summary>Nodes seen so far (for periodic cancellation checks).</summary>
    public long Nodes { get; private set; }

    /// <summary>The whole part's weight (what loading it as one DOM would cost).</summary>
    public long Weight => Weight0();

    /// <summary>The weight of the largest element named <paramref name="localName"/> (one of the loaded pieces) at <paramref name="depth"/>; 0 when none.</summary>
    public long Largest(int depth, string localName) => _largest.GetValueOrDefault((depth, localName));

    /// <summary>Accounts for the node <paramref name="reader"/> is on.</summary>
    public void Add(XmlReader reader)
    {
        Nodes++;
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                var depth = reader.Depth;
                _startWeight[depth] = Weight0();
                Elements++;
                _units += 1 + reader.AttributeCount;
                for (var i = 0; i < reader.AttributeCount; i++)
                {
                    // Bounded by the tag guard, so reading the value is cheap.
                    _chars += reader.GetAttribute(i).Length;
                }

                if (reader.IsEmptyElement)
                {
                    Close(depth, reader.LocalName);
                }

                break;
            case XmlNodeType.EndElement:
                Close(reader.Depth, reader.LocalName);
                break;
            case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                // In chunks: a text node of a hundred million characters must not become one string here.
                int read;
                while ((read = reader.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0)
                {
                    _chars += read;
                }

                break;
        }
    }

    private long Weight0() => _units + (_chars / CharsPerUnit);

    private void Close(int depth, string localName)
    {
        if (!Pieces.Contains(localName))
        {
            return;
        }

        var weight = Weight0() - _startWeight[depth];
        ref var largest = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_largest, (depth, localName), out _);
        largest = Math.Max(largest, weight);
    }
}
