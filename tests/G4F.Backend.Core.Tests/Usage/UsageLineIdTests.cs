using System.Buffers.Binary;
using System.Text;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>A usage line's identity: a version 7 UUID, unique, ordered by the millisecond it was made in.</summary>
public sealed class UsageLineIdTests
{
    [Fact]
    public void An_id_is_a_version_7_uuid_carrying_its_millisecond()
    {
        const long Millisecond = 1_765_000_123_456;

        var id = UsageLineId.New(Millisecond);

        id.Version.Should().Be(7);
        (id.Variant & 0b1100).Should().Be(0b1000, "the RFC 9562 variant is binary 10");
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _).Should().BeTrue();
        (BinaryPrimitives.ReadInt64BigEndian(bytes) >>> 16).Should().Be(Millisecond);
    }

    [Fact]
    public void Ids_of_one_millisecond_differ_and_later_milliseconds_sort_after()
    {
        var ids = Enumerable.Range(0, 100_000).Select(_ => UsageLineId.New(1_765_000_000_000)).ToHashSet();
        var later = UsageLineId.New(1_765_000_000_001);

        ids.Should().HaveCount(100_000);
        ids.Should().OnlyContain(id => id.CompareTo(later) < 0, "Guid compares version 7 ids by their time first");
    }

    [Fact]
    public void A_line_made_now_carries_the_current_millisecond_and_two_lines_of_the_same_json_differ()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var json = Encoding.UTF8.GetBytes("""{"user":"ann"}""");
        var first = new UsageLine(json);
        var second = new UsageLine(json);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        first.Id.Should().NotBe(second.Id);
        Span<byte> bytes = stackalloc byte[16];
        first.Id.TryWriteBytes(bytes, bigEndian: true, out _);
        (BinaryPrimitives.ReadInt64BigEndian(bytes) >>> 16).Should().BeInRange(before, after);
    }
}
