namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// Where a list page's rows are skipped to: a page is a range of the user's items newest first, and the same range
/// counted from the oldest item is as exact, so the skip starts at the nearer end and passes at most half of the items
/// (a page near the end of 100k items skipped 99,900 index entries; now at most 50,000). The total comes from the same
/// snapshot as the page (the count row kept by the triggers, or the filtered count), so both ends agree.
/// </summary>
/// <param name="OldestFirst">Whether the rows are skipped from the oldest end (the page is then read oldest first and reordered).</param>
/// <param name="Offset">The rows skipped from that end.</param>
/// <param name="Limit">The rows of the page (fewer than the page size on the last page read oldest first, 0 past the last page).</param>
internal readonly record struct MemoryPageWindow(bool OldestFirst, long Offset, long Limit)
{
    /// <summary>The window of <paramref name="page"/> (from 1) of <paramref name="pageSize"/> items among <paramref name="total"/>.</summary>
    public static MemoryPageWindow Of(long total, int page, int pageSize)
    {
        var skip = (page - 1L) * pageSize;
        var rest = total - skip;
        if (rest <= 0)
        {
            // Past the last page: nothing to read (LIMIT 0 stops before any skip).
            return new MemoryPageWindow(false, 0, 0);
        }

        // From the oldest end: the items after this page (newest first) are the ones skipped.
        var fromOldest = Math.Max(0, rest - pageSize);
        return fromOldest < skip
            ? new MemoryPageWindow(true, fromOldest, Math.Min(pageSize, rest))
            : new MemoryPageWindow(false, skip, pageSize);
    }
}
