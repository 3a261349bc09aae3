using G4F.Backend.WebClient;

namespace G4F.Backend.Core.Tests.WebClient;

/// <summary>The in-memory copies of hot client files: never more bytes than the budget, the least recently served go first.</summary>
public sealed class WebClientMemoryTests
{
    private static readonly DateTimeOffset Fetched = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_least_recently_served_copies_go_first_and_the_bytes_held_never_pass_the_budget()
    {
        var memory = new WebClientMemory(budgetBytes: 1000);
        memory.Keep("dist/a.js", Copy(400));
        memory.Keep("dist/b.js", Copy(400));
        memory.Find("dist/a.js").Should().NotBeNull();

        memory.Keep("dist/c.js", Copy(400));

        memory.Find("dist/b.js").Should().BeNull("it was served least recently");
        memory.Find("dist/a.js").Should().NotBeNull();
        memory.Find("dist/c.js").Should().NotBeNull();
        memory.Bytes.Should().Be(800);
    }

    [Fact]
    public void A_new_copy_of_a_path_replaces_the_old_one_and_a_copy_larger_than_the_budget_is_not_kept()
    {
        var memory = new WebClientMemory(budgetBytes: 1000);
        memory.Keep("chat/index.html", Copy(300));
        var newer = Copy(500);

        memory.Keep("chat/index.html", newer);
        memory.Keep("dist/huge.js", Copy(1001));

        memory.Find("chat/index.html").Should().BeSameAs(newer);
        memory.Find("dist/huge.js").Should().BeNull();
        memory.Bytes.Should().Be(500);
    }

    [Fact]
    public void A_stored_value_keeps_its_fetch_time_and_a_value_of_another_shape_is_no_copy()
    {
        var copy = Copy(20);

        var read = WebClientCopy.Read(copy.Value);

        read!.FetchedAt.Should().Be(Fetched);
        read.Content.Length.Should().Be(20 - WebClientCopy.HeaderLength);
        WebClientCopy.Read(null).Should().BeNull();
        WebClientCopy.Read([1, 2, 3]).Should().BeNull("cut short");
        WebClientCopy.Read(new byte[20]).Should().BeNull("another version");
        WebClientCopy.Read([1, 255, 255, 255, 255, 255, 255, 255, 255, 0]).Should().BeNull("a time out of range");
    }

    [Fact]
    public void A_copy_is_fresh_for_the_cache_duration_and_usable_seven_days_more()
    {
        var copy = Copy(20);
        var day = TimeSpan.FromDays(1);

        copy.IsFresh(Fetched + day - TimeSpan.FromTicks(1), day).Should().BeTrue();
        copy.IsFresh(Fetched + day, day).Should().BeFalse();
        copy.IsUsable(Fetched + day + TimeSpan.FromDays(7) - TimeSpan.FromTicks(1), day).Should().BeTrue();
        copy.IsUsable(Fetched + day + TimeSpan.FromDays(7), day).Should().BeFalse();
        copy.ExpiresAt(day).Should().Be(Fetched + TimeSpan.FromDays(8));
    }

    private static WebClientCopy Copy(int valueBytes) => WebClientCopy.Seal(new byte[valueBytes], Fetched);
}
