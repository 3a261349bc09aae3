namespace G4F.Backend.Documents;

/// <summary>
/// Nesting depth of list items from their levels (DOCX <c>ilvl</c>, PPTX <c>lvl</c>). Depth counts the shallower
/// items still open above an item, not the level itself: a list that starts at level 1 is not indented (it would
/// become an indented code block), and a jump from level 0 to 3 nests one step, not three.
/// </summary>
internal static class ListIndent
{
    /// <summary>The depth of an item at <paramref name="level"/>, updating <paramref name="open"/> (cleared when a new list starts).</summary>
    public static int Depth(List<int> open, int level, bool continues)
    {
        if (!continues)
        {
            open.Clear();
        }

        while (open.Count > 0 && open[^1] >= level)
        {
            open.RemoveAt(open.Count - 1);
        }

        open.Add(level);
        return open.Count - 1;
    }
}
