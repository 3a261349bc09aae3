using G4F.Backend.Conversations;
using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Conversations;

public sealed class UsageAccumulatorTests
{
    [Fact]
    public void Counts_each_text_chunk_rounded_on_its_own_and_ignores_everything_else()
    {
        var usage = new UsageAccumulator();

        usage.Add(new ContentEvent("abcdef")); // 2
        usage.Add(new ContentEvent("ab")); // 0: rounded per chunk, not over the sum
        usage.Add(new ContentEvent("<img>") { Urls = ["/media/a.png"] });
        usage.Add(new ContentEvent("<audio controls></audio>") { Data = "data:audio/wav;base64,AA==" });
        usage.Add(new ReasoningEvent { Token = "abcdefgh" });
        usage.Add(new FinishEvent(new FinishReason("stop")));
        usage.Add(new ContentEvent("ééé")); // 2

        usage.CompletionTokens.Should().Be(4);
        usage.Estimate(44).Should().Be(new TokenUsage(44, 4, 48));
    }

    [Fact]
    public void Starts_at_zero()
    {
        new UsageAccumulator().Estimate(7).Should().Be(new TokenUsage(7, 0, 7));
    }
}
