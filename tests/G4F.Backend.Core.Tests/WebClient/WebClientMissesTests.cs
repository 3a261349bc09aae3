using G4F.Backend.WebClient;

namespace G4F.Backend.Core.Tests.WebClient;

/// <summary>The paths remembered as missing from the client's source: never more than the capacity, each only until its time.</summary>
public sealed class WebClientMissesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Past_the_capacity_the_oldest_miss_is_forgotten()
    {
        var misses = new WebClientMisses(capacity: 3);
        for (var i = 0; i < 4; i++)
        {
            misses.Remember($"dist/js/f{i}.js", Now.AddMinutes(5));
        }

        misses.Count.Should().Be(3);
        misses.IsMissing("dist/js/f0.js", Now).Should().BeFalse("it was remembered first");
        misses.IsMissing("dist/js/f3.js", Now).Should().BeTrue();
    }

    [Fact]
    public void A_miss_ends_at_its_time_or_when_forgotten()
    {
        var misses = new WebClientMisses(capacity: 3);
        misses.Remember("dist/js/a.js", Now.AddMinutes(5));
        misses.Remember("dist/js/b.js", Now.AddMinutes(5));

        misses.Forget("dist/js/b.js");

        misses.IsMissing("dist/js/a.js", Now.AddMinutes(5).AddTicks(-1)).Should().BeTrue();
        misses.IsMissing("dist/js/a.js", Now.AddMinutes(5)).Should().BeFalse();
        misses.IsMissing("dist/js/b.js", Now).Should().BeFalse();
        misses.Count.Should().Be(0, "an expired miss found by a lookup is dropped");
    }
}
