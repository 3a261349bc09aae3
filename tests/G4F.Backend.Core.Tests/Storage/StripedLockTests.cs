using G4F.Backend.Storage;

namespace G4F.Backend.Core.Tests.Storage;

public sealed class StripedLockTests
{
    [Fact]
    public void A_key_always_gets_the_same_lock_whatever_its_case()
    {
        var locks = new StripedLock(8);

        locks.For("Share-A").Should().BeSameAs(locks.For("share-a")).And.BeSameAs(locks.For("SHARE-A"));
    }

    [Fact]
    public void Keys_spread_over_the_stripes()
    {
        var locks = new StripedLock(8);

        Enumerable.Range(0, 200).Select(i => locks.For($"id-{i}")).Distinct().Should().HaveCount(8);
    }
}
