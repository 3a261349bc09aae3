using G4F.Backend.Conversations;
using G4F.Backend.Core.Tests.Conversations;
using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>Where the sources content goes in the stream (PROTOCOL 3.6 item 6).</summary>
public sealed class SearchSourcesTests
{
    private static async IAsyncEnumerable<ResponseEvent> Events(params ResponseEvent[] events)
    {
        foreach (var responseEvent in events)
        {
            await Task.Yield();
            yield return responseEvent;
        }
    }

    private static TurnContext TurnWith(string? sources)
    {
        var turn = EventSteps.Turn();
        turn.SearchSources = sources;
        return turn;
    }

    private static async Task<List<ResponseEvent>> Run(string? sources, params ResponseEvent[] events)
    {
        var list = new List<ResponseEvent>();
        await foreach (var responseEvent in EventSteps.RunAsync(Events(events), TurnWith(sources), [new SearchSourcesStep()]))
        {
            list.Add(responseEvent);
        }

        return list;
    }

    [Fact]
    public async Task The_sources_go_just_before_the_first_finish()
    {
        var finish = new FinishEvent(new FinishReason("stop"));

        var events = await Run("S", new ContentEvent("a"), finish, new FinishEvent(new FinishReason("length")));

        events.Should().Equal(new ContentEvent("a"), new ContentEvent("S"), finish, new FinishEvent(new FinishReason("length")));
    }

    [Fact]
    public async Task Without_a_finish_the_sources_go_last_and_without_sources_nothing_is_added()
    {
        (await Run("S", new ContentEvent("a"))).Should().Equal(new ContentEvent("a"), new ContentEvent("S"));
        (await Run(null, new ContentEvent("a"))).Should().Equal(new ContentEvent("a"));
    }

    [Fact]
    public async Task A_stream_that_fails_gets_no_sources()
    {
        static async IAsyncEnumerable<ResponseEvent> Failing()
        {
            yield return new ContentEvent("a");
            await Task.Yield();
            throw new InvalidOperationException("upstream broke");
        }

        var seen = new List<ResponseEvent>();
        var act = async () =>
        {
            await foreach (var responseEvent in EventSteps.RunAsync(Failing(), TurnWith("S"), [new SearchSourcesStep()]))
            {
                seen.Add(responseEvent);
            }
        };

        await act.Should().ThrowAsync<InvalidOperationException>();
        seen.Should().Equal(new ContentEvent("a"));
    }
}
