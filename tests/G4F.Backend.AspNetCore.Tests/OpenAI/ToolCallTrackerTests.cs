using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.OpenAI;
using G4F.Backend.Events;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary><see cref="ToolCallTracker"/> in process: what it keeps of the calls for a whole answer, and for a stream.</summary>
public sealed class ToolCallTrackerTests
{
    private static readonly string Part = new('x', 256 * 1024);

    [Fact]
    public void A_stream_relays_each_fragment_and_keeps_none_of_the_arguments()
    {
        var tracker = new ToolCallTracker(keepArguments: false);

        var first = tracker.Read(Fragment(new JsonObject { ["index"] = 0, ["id"] = "call_a", ["function"] = new JsonObject { ["name"] = "f", ["arguments"] = Part } }));
        var rest = Enumerable.Range(0, 15).SelectMany(_ => tracker.Read(Fragment(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = Part } }))).ToList();

        first.Should().ContainSingle().Which.Function.Arguments.Should().Be(Part);
        rest.Should().HaveCount(15).And.OnlyContain(d => d.Function.Arguments == Part);
        tracker.KeptChars.Should().Be(0, "the deltas were sent; 4 Mi characters held to the end of the stream would be for nothing");
        tracker.Any.Should().BeTrue();
    }

    [Fact]
    public void A_whole_answer_keeps_the_joined_arguments_and_counts_them()
    {
        var tracker = new ToolCallTracker(keepArguments: true);

        tracker.Read(Fragment(new JsonObject { ["index"] = 0, ["id"] = "call_a", ["function"] = new JsonObject { ["name"] = "f", ["arguments"] = "{\"a\":" } }));
        tracker.Read(Fragment(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = "1}" } }));

        tracker.KeptChars.Should().Be(7);
        var call = tracker.Whole().Should().ContainSingle().Subject;
        call.Id.Should().Be("call_a");
        call.Function.Arguments.Should().Be("{\"a\":1}");
    }

    private static ToolCallsEvent Fragment(JsonObject call) => new([call]);
}
