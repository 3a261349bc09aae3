using G4F.Backend.Conversations;
using G4F.Backend.Events;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Conversations;

public sealed class ThinkTagSplitterTests
{
    private const string Answer = "Hi <think>deep</think>there.";

    private static readonly ReasoningEvent Start = new() { Status = "🤔 Is thinking...", IsThinking = "<think>" };
    private static readonly ReasoningEvent End = new() { Status = "", IsThinking = "</think>" };

    private readonly FakeTimeProvider _time = new();

    public static TheoryData<int> SplitPositions()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i <= Answer.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public async Task Whole_tags_in_one_chunk_split_into_content_and_reasoning()
    {
        var events = await SplitAsync(new ContentEvent("Start <think>Middle</think>End"));

        events.Should().Equal(
            new ContentEvent("Start "),
            Start,
            new ReasoningEvent { Token = "Middle" },
            End,
            new ContentEvent("End"));
    }

    [Theory]
    [MemberData(nameof(SplitPositions))]
    public async Task Tags_split_across_two_chunks_at_any_position_give_the_same_result(int position)
    {
        var events = await SplitAsync(Chunks(Answer[..position], Answer[position..]));

        Describe(events).Should().Equal("C:Hi ", "<think>", "T:deep", "</think>", "C:there.");
        events.OfType<ContentEvent>().Should().OnlyContain(c => c.Content.Length > 0 && !c.Content.Contains('<'));
        events.OfType<ReasoningEvent>().Should().OnlyContain(r => r.Token == null || (r.Token.Length > 0 && !r.Token.Contains('<')));
    }

    [Fact]
    public async Task Tags_split_across_three_chunks_at_any_positions_give_the_same_result()
    {
        for (var i = 0; i <= Answer.Length; i++)
        {
            for (var j = i; j <= Answer.Length; j++)
            {
                var events = await SplitAsync(Chunks(Answer[..i], Answer[i..j], Answer[j..]));

                Describe(events).Should().Equal(["C:Hi ", "<think>", "T:deep", "</think>", "C:there."], $"split at {i} and {j}");
            }
        }
    }

    [Fact]
    public async Task One_character_per_chunk_gives_the_same_result()
    {
        var events = await SplitAsync([.. Answer.Select(c => new ContentEvent(c.ToString()))]);

        Describe(events).Should().Equal("C:Hi ", "<think>", "T:deep", "</think>", "C:there.");
    }

    [Fact]
    public async Task Only_a_possible_tag_start_is_held_back()
    {
        var pulled = 0;
        async IAsyncEnumerable<ResponseEvent> Source()
        {
            pulled = 1;
            yield return new ContentEvent("a < b and <b>bold</b> <thi");
            await Task.Yield();
            pulled = 2;
            yield return new ContentEvent("s is not a tag");
        }

        await using var enumerator = EventSteps.RunAsync(Source(), EventSteps.Turn(), [new ThinkSplitStep(_time)]).GetAsyncEnumerator();

        (await enumerator.MoveNextAsync()).Should().BeTrue();
        enumerator.Current.Should().Be(new ContentEvent("a < b and <b>bold</b> "));
        pulled.Should().Be(1);
        (await enumerator.MoveNextAsync()).Should().BeTrue();
        enumerator.Current.Should().Be(new ContentEvent("<this is not a tag"));
        (await enumerator.MoveNextAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task Held_text_is_flushed_when_the_source_ends()
    {
        var events = await SplitAsync(new ContentEvent("Hello </thi"));

        events.Should().Equal(new ContentEvent("Hello "), new ContentEvent("</thi"));
    }

    [Fact]
    public async Task Held_text_inside_a_block_is_flushed_as_thinking()
    {
        var events = await SplitAsync(new ContentEvent("<think>abc</thi"));

        events.Should().Equal(Start, new ReasoningEvent { Token = "abc" }, new ReasoningEvent { Token = "</thi" });
    }

    [Fact]
    public async Task Several_blocks_are_all_split()
    {
        var events = await SplitAsync(new ContentEvent("<think>a</think>b<think>c"), new ContentEvent("</think>d"));

        Describe(events).Should().Equal("<think>", "T:a", "</think>", "C:b", "<think>", "T:c", "</think>", "C:d");
    }

    [Fact]
    public async Task A_block_that_never_closes_ends_as_thinking_without_an_end_marker()
    {
        var events = await SplitAsync(new ContentEvent("x<think>abc"), new ContentEvent(" more"));

        events.Should().Equal(
            new ContentEvent("x"),
            Start,
            new ReasoningEvent { Token = "abc" },
            new ReasoningEvent { Token = " more" });
    }

    [Fact]
    public async Task An_empty_block_yields_only_the_markers()
    {
        var events = await SplitAsync(new ContentEvent("<think></think>after"));

        events.Should().Equal(Start, End, new ContentEvent("after"));
    }

    [Fact]
    public async Task Whitespace_only_rest_after_the_end_tag_is_dropped_as_in_the_original()
    {
        var events = await SplitAsync(new ContentEvent("<think>a</think>\n\n"), new ContentEvent("Answer"));

        events.Should().Equal(Start, new ReasoningEvent { Token = "a" }, End, new ContentEvent("Answer"));
    }

    [Fact]
    public async Task Leading_whitespace_before_text_after_the_end_tag_is_kept_as_in_the_original()
    {
        var events = await SplitAsync(new ContentEvent("<think>a</think>\n\nAnswer"));

        events.Should().EndWith(new ContentEvent("\n\nAnswer"));
    }

    [Fact]
    public async Task An_end_tag_without_a_start_turns_the_text_before_it_into_thinking()
    {
        var events = await SplitAsync(new ContentEvent("early"), new ContentEvent("reasoning</think>answer"));

        events.Should().Equal(new ContentEvent("early"), new ReasoningEvent { Token = "reasoning" }, End, new ContentEvent("answer"));
    }

    [Fact]
    public async Task A_start_tag_in_backticks_is_literal_text()
    {
        var plain = new ContentEvent("<think>` is a tag models write.");

        var events = await SplitAsync(new ContentEvent("Use `"), plain);

        events.Should().HaveCount(2);
        events[1].Should().BeSameAs(plain);
    }

    [Fact]
    public async Task Upstream_deltas_kept_as_utf8_split_as_their_strings_do()
    {
        // The backtick ends a UTF-8 delta (no string made for it) and still quotes the tag of the next one.
        var quoted = new ContentEvent("<think>` is a tag."u8.ToArray());

        var events = await SplitAsync(new ContentEvent("Use `"u8.ToArray()), quoted, new ContentEvent("é<think>hm</think>ok"u8.ToArray()));

        events.Should().HaveCount(7);
        events[1].Should().BeSameAs(quoted);
        Describe(events.Skip(2)).Should().Equal("C:é", "<think>", "T:hm", "</think>", "C:ok");
    }

    [Theory]
    [InlineData(2310, "Thought for 2.31s")]
    [InlineData(61250, "Thought for 61.25s")]
    [InlineData(1000, "")]
    [InlineData(500, "")]
    public async Task The_end_marker_reports_the_thinking_time_over_one_second(int milliseconds, string status)
    {
        async IAsyncEnumerable<ResponseEvent> Source()
        {
            yield return new ContentEvent("<think>hm");
            await Task.Yield();
            _time.Advance(TimeSpan.FromMilliseconds(milliseconds));
            yield return new ContentEvent("m</think>ok");
        }

        var events = await EventSteps.RunAsync(Source(), EventSteps.Turn(), [new ThinkSplitStep(_time)]).ToListAsync();

        events.OfType<ReasoningEvent>().Should().ContainSingle(r => r.IsThinking == "</think>")
            .Which.Should().Be(new ReasoningEvent { Status = status, IsThinking = "</think>" });
    }

    // Empty chunks pass through as they are; leave them out where only the splitting matters.
    private static ResponseEvent[] Chunks(params string[] texts) =>
        [.. texts.Where(t => t.Length > 0).Select(t => new ContentEvent(t))];

    private async Task<List<ResponseEvent>> SplitAsync(params ResponseEvent[] source) =>
        await EventSteps.RunAsync(source.ToAsyncEnumerable(), EventSteps.Turn(), [new ThinkSplitStep(_time)]).ToListAsync();

    // Adjacent text of one kind merged, so chunking differences disappear.
    private static List<string> Describe(IEnumerable<ResponseEvent> events)
    {
        var result = new List<string>();
        foreach (var e in events)
        {
            var item = e switch
            {
                ContentEvent c => "C:" + c.Content,
                ReasoningEvent { IsThinking: { } marker } => marker,
                ReasoningEvent r => "T:" + r.Token,
                _ => e.Type,
            };
            if (result.Count > 0 && item.Length > 2 && item[1] == ':' && result[^1].StartsWith(item[..2], StringComparison.Ordinal))
            {
                result[^1] += item[2..];
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
    }
}
