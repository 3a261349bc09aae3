using DocumentFormat.OpenXml;

namespace G4F.Backend.Documents;

/// <summary>
/// Walks a part with <see cref="OpenXmlReader"/> one child at a time, so only the piece being converted is ever a DOM.
/// Every piece is consumed with <see cref="Load"/>, <see cref="Skip"/> or a nested <see cref="Children"/>, each of
/// which leaves the reader on the node after the piece.
/// </summary>
internal static class OpenXmlStream
{
    /// <summary>Checks the token every this many pieces: often enough that a cancelled conversion stops within milliseconds.</summary>
    private const int CheckEvery = 1024;

    /// <summary>
    /// Yields once per child element of the element the reader is on (the reader on the child's start); after the
    /// last one the reader is past the parent's end.
    /// </summary>
    public static IEnumerable<OpenXmlReader> Children(OpenXmlReader reader, CancellationToken cancellationToken)
    {
        var depth = reader.Depth;
        var seen = 0;
        var more = reader.Read();
        while (more && !(reader.IsEndElement && reader.Depth == depth))
        {
            if (reader.IsStartElement && reader.Depth == depth + 1)
            {
                if (++seen % CheckEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                yield return reader;
                more = !reader.EOF;
                continue;
            }

            more = reader.Read();
        }

        reader.Read();
    }

    /// <summary>Moves from the root to its first descendant at <paramref name="depth"/> whose type is <typeparamref name="T"/>; false when there is none.</summary>
    public static bool Find<T>(OpenXmlReader reader, int depth, CancellationToken cancellationToken)
        where T : OpenXmlElement
    {
        var seen = 0;
        while (reader.Read())
        {
            if (++seen % (CheckEvery * 16) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.IsStartElement && reader.Depth == depth && reader.ElementType == typeof(T))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Loads the element the reader is on (after the caller checked its size) and moves past it.</summary>
    public static OpenXmlElement Load(OpenXmlReader reader)
    {
        var element = reader.LoadCurrentElement() ?? throw new InvalidOperationException("The reader is not on an element.");
        reader.Read();
        return element;
    }

    /// <summary>Moves past the element the reader is on without loading it.</summary>
    public static void Skip(OpenXmlReader reader) => reader.Skip();
}
