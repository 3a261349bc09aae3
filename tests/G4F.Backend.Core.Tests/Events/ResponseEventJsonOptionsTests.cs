using System.Text.Json;
using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Events;

/// <summary>The public options a host serializes events with know every event type, without reflection.</summary>
public sealed class ResponseEventJsonOptionsTests
{
    [Fact]
    public void The_public_options_serialize_an_event_with_the_generated_metadata()
    {
        var usage = new UsageEvent(new TokenUsage(3, 4, 7));

        var json = JsonSerializer.Serialize(usage, ResponseEventSerializer.JsonOptions);

        // Reflection would be refused (the options carry only the generated resolver), and nulls are left out.
        ResponseEventSerializer.JsonOptions.TypeInfoResolver.Should().NotBeNull();
        ResponseEventSerializer.JsonOptions.IsReadOnly.Should().BeTrue();
        json.Should().Contain("\"prompt_tokens\":3").And.NotContain("null");
        var act = () => JsonSerializer.Serialize(new { Unknown = 1 }, ResponseEventSerializer.JsonOptions);
        act.Should().Throw<NotSupportedException>();
    }
}
