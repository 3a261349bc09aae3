using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>What the splitter leaves alone, and where held-back text goes relative to other events.</summary>
public sealed class ThinkTagSplitterPassThroughTests
{
    private static readonly ReasoningEvent Start = new() { Status = "🤔 Is thinking...", IsThinking = "<think>" };
    private static readonly ReasoningEvent End = new() { Status = "", IsThinking = "</think>" };

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Media_and_audio_content_events_are_passed_through_untouched()
    {
        ResponseEvent image = new ContentEvent("<think>not thinking</think>") { Urls = ["/media/a.png"], Alt = "a" };
        ResponseEvent audio = new ContentEvent("<audio controls></audio><think>") { Data = "data:audio/wav;base64,AA==" };

        var events = await SplitAsync(image, audio);

        events.Should().HaveCount(2);
        events[0].Should().BeSameAs(image);
        events[1].Should().BeSameAs(audio);
    }

    [Fact]
    public async Task Plain_text_and_other_events_pass_through_as_the_same_instances_in_order()
    {
        ResponseEvent[] source =
        [
            new ProviderEvent(new ProviderInfo("P", null, null, "m")),
            new ReasoningEvent { Token = "upstream reasoning_content" },
            new ReasoningEvent { Status = "" },
            new ContentEvent("Hello"),
            new ToolCallsEvent(new JsonArray()),
            new ContentEvent(" world"),
            new FinishEvent(new FinishReason("stop")),
            new UsageEvent(new TokenUsage(1, 2, 3)),
        ];

        var events = await SplitAsync(source);

        events.Should().HaveCount(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            events[i].Should().BeSameAs(source[i]);
        }
    }

    [Fact]
    public async Task Held_text_is_released_before_a_visible_event_but_debug_events_overtake_it()
    {
        var response = new UpstreamResponseEvent("chunk");
        var finish = new FinishEvent(new FinishReason("length"));

        var events = await SplitAsync(
            new ContentEvent("a<thi"), response, new ContentEvent("nk>b"), new ContentEvent("c<"), finish);

        events.Should().Equal(
            new ContentEvent("a"),
            response,
            Start,
            new ReasoningEvent { Token = "b" },
            new ReasoningEvent { Token = "c" },
            new ReasoningEvent { Token = "<" },
            finish);
    }

    [Fact]
    public async Task Upstream_reasoning_inside_a_block_keeps_its_place()
    {
        var upstream = new ReasoningEvent { Token = "native" };

        var events = await SplitAsync(new ContentEvent("<think>x"), upstream, new ContentEvent("y</think>z"));

        events.Should().Equal(
            Start, new ReasoningEvent { Token = "x" }, upstream, new ReasoningEvent { Token = "y" }, End, new ContentEvent("z"));
    }

    private async Task<List<ResponseEvent>> SplitAsync(params ResponseEvent[] source) =>
        await EventSteps.RunAsync(source.ToAsyncEnumerable(), EventSteps.Turn(), [new ThinkSplitStep(_time)]).ToListAsync();
}
