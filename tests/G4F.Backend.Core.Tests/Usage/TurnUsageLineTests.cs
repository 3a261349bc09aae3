using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Usage;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>A turn's usage line is written directly: the bytes a JSON object of its values wrote, the fields a read of them gives.</summary>
public sealed class TurnUsageLineTests
{
    public static TheoryData<string?, string?, string, string?, long, long, long> Lines() => new()
    {
        { "ann", "gpt-4o", "OpenAI", "Open AI", 12, 34, 46 },
        { null, null, "Fake", null, 0, 0, 0 },
        { "", "", "P", "", -5, 3, long.MaxValue },
        { "zoë <b>&'\"\n", "模型 🙂", "Prövider", "label\u2028", long.MinValue, 1, -1 },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_line_is_the_objects_json_and_its_fields_are_read_from_it(string? user, string? model, string name, string? label, long prompt, long completion, long total)
    {
        var provider = new ProviderInfo(name, null, label, model);
        var usage = new TokenUsage(prompt, completion, total);

        var line = TurnUsage.Line(user, model, provider, usage);

        var expected = UsageJson.ToUsageLine(new JsonObject
        {
            ["user"] = user,
            ["model"] = model,
            ["provider"] = name,
            ["label"] = label ?? name,
            ["prompt_tokens"] = prompt,
            ["completion_tokens"] = completion,
            ["total_tokens"] = total,
        });
        line.Json.ToArray().Should().Equal(expected.Json.ToArray());
        // Every line has its own identity, so two lines of the same JSON differ in it alone.
        line.Should().BeEquivalentTo(new UsageLine(expected.Json), o => o.Excluding(l => l.Json).Excluding(l => l.Id));
    }

    [Fact]
    public void An_unpaired_surrogate_in_a_name_is_written_as_the_object_writes_it()
    {
        var line = TurnUsage.Line("\ud800", "m", new ProviderInfo("P", null, null, "m"), new TokenUsage(1, 1, 2));

        var expected = UsageJson.ToUsageLine(new JsonObject
        {
            ["user"] = "\ud800",
            ["model"] = "m",
            ["provider"] = "P",
            ["label"] = "P",
            ["prompt_tokens"] = 1L,
            ["completion_tokens"] = 1L,
            ["total_tokens"] = 2L,
        });
        line.Json.ToArray().Should().Equal(expected.Json.ToArray());
        line.User.Should().Be(new UsageLine(expected.Json).User);
    }
}
