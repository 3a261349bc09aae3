using G4F.Backend.PostgreSql.Memory;

namespace G4F.Backend.PostgreSql.Tests.Memory;

/// <summary>Where a list page's skip starts: the nearer end of the user's items, so it passes at most half of them.</summary>
public sealed class MemoryPageWindowTests
{
    [Theory]
    [InlineData(100_000, 1, 100, false, 0, 100)]
    [InlineData(100_000, 500, 100, false, 49_900, 100)]
    [InlineData(100_000, 501, 100, true, 49_900, 100)]
    [InlineData(100_000, 1_000, 100, true, 0, 100)]
    [InlineData(5, 2, 2, true, 1, 2)]
    [InlineData(5, 3, 2, true, 0, 1)]
    [InlineData(5, 4, 2, false, 0, 0)]
    [InlineData(0, 1, 10, false, 0, 0)]
    [InlineData(3, 1, 10, false, 0, 10)]
    public void A_page_is_skipped_to_from_the_nearer_end(long total, int page, int pageSize, bool oldestFirst, long offset, long limit) =>
        MemoryPageWindow.Of(total, page, pageSize).Should().Be(new MemoryPageWindow(oldestFirst, offset, limit));

    [Fact]
    public void Every_page_of_either_half_covers_its_own_range_and_skips_at_most_half_of_the_items()
    {
        const int Total = 1_003;
        const int PageSize = 10;
        for (var page = 1; page <= 101; page++)
        {
            var window = MemoryPageWindow.Of(Total, page, PageSize);
            var (first, count) = window.OldestFirst
                ? (Total - window.Offset - window.Limit, window.Limit)
                : (window.Offset, Math.Min(window.Limit, Total - window.Offset));

            first.Should().Be((page - 1L) * PageSize, $"page {page}");
            count.Should().Be(Math.Min(PageSize, Total - ((page - 1L) * PageSize)), $"page {page}");
            window.Offset.Should().BeLessThanOrEqualTo(Total / 2, $"page {page}");
        }
    }
}
