using G4F.Backend.Memory;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>The filters and metadata query parameters: the documented grammar, and errors for everything else.</summary>
public sealed class MemoryFilterParserTests
{
    private static MemoryFilter? Parse(string? filters, string? metadata = null)
    {
        MemoryFilterParser.TryParse("alice", filters, metadata, out var filter, out var error).Should().BeTrue(error);
        return filter;
    }

    private static string Error(string? filters, string? metadata = null)
    {
        MemoryFilterParser.TryParse("alice", filters, metadata, out _, out var error).Should().BeFalse();
        return error!;
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"user_id":"alice"}""")]
    [InlineData("""{"AND":[{"user_id":{"eq":"alice"}}]}""")]
    public void No_conditions_is_no_filter(string? filters) => Parse(filters).Should().BeNull();

    [Fact]
    public void Conversation_and_role_take_a_string_eq_or_in()
    {
        Parse("""{"conversation_id":"c1","role":{"in":["user","assistant"]}}""").Should().BeEquivalentTo(
            new MemoryFilter { ConversationIds = ["c1"], Roles = ["user", "assistant"] });
        Parse("""{"conversation_id":{"eq":"c1"}}""")!.ConversationIds.Should().Equal("c1");
        Parse(null, """{"conversation_id":"c1","role":"user"}""").Should().BeEquivalentTo(new MemoryFilter { ConversationIds = ["c1"], Roles = ["user"] });
        Parse("""{"metadata":{"conversation_id":"c1"}}""")!.ConversationIds.Should().Equal("c1");
    }

    [Fact]
    public void Repeated_conditions_all_hold()
    {
        var filter = Parse("""{"AND":[{"conversation_id":{"in":["c1","c2"]}},{"conversation_id":{"in":["c2","c3"]}}]}""", """{"conversation_id":"c2"}""");
        filter!.ConversationIds.Should().Equal("c2");

        Parse("""{"conversation_id":"c1","AND":[{"conversation_id":"c2"}]}""")!.ConversationIds.Should().BeEmpty("no item is in both");
        var range = Parse("""{"created_at":{"gte":"2026-08-01","lte":"2026-08-31"},"AND":[{"created_at":{"gte":"2026-08-10"}}]}""")!;
        range.CreatedFrom.Should().Be(At("2026-08-10T00:00:00Z"));
        range.CreatedTo.Should().Be(At("2026-08-31T00:00:00Z"));
    }

    [Theory]
    [InlineData("\"2026-08-21T10:00:00Z\"", "2026-08-21T10:00:00Z")]
    [InlineData("\"2026-08-21T12:00:00+02:00\"", "2026-08-21T10:00:00Z")]
    [InlineData("\"2026-08-21T10:00:00\"", "2026-08-21T10:00:00Z")]
    [InlineData("\"2026-08-21 10:00\"", "2026-08-21T10:00:00Z")]
    [InlineData("\"2026-08-21T10:00:00.25Z\"", "2026-08-21T10:00:00.25Z")]
    [InlineData("\"2026-08-21\"", "2026-08-21T00:00:00Z")]
    [InlineData("1787306400", "2026-08-21T10:00:00Z")]
    [InlineData("1787306400.5", "2026-08-21T10:00:00.5Z")]
    [InlineData("\"1787306400\"", "2026-08-21T10:00:00Z")]
    public void Times_are_iso_8601_or_epoch_seconds(string time, string expected)
    {
        var filter = Parse($$$"""{"created_at":{"gte":{{{time}}}},"updated_at":{"lte":{{{time}}}}}""")!;

        filter.CreatedFrom.Should().Be(At(expected));
        filter.UpdatedTo.Should().Be(At(expected));
    }

    [Fact]
    public void Strict_bounds_and_sub_millisecond_bounds_round_inward_to_whole_milliseconds()
    {
        var filter = Parse("""{"created_at":{"gt":"2026-08-21T10:00:00Z","lt":"2026-08-21T11:00:00Z"},"updated_at":{"gte":"2026-08-21T10:00:00.0001Z","lte":"2026-08-21T10:00:00.0009Z"}}""")!;

        filter.CreatedFrom.Should().Be(At("2026-08-21T10:00:00.001Z"));
        filter.CreatedTo.Should().Be(At("2026-08-21T10:59:59.999Z"));
        filter.UpdatedFrom.Should().Be(At("2026-08-21T10:00:00.001Z"));
        filter.UpdatedTo.Should().Be(At("2026-08-21T10:00:00.000Z"));
    }

    [Theory]
    [InlineData("{", "filters is not valid JSON")]
    [InlineData("[]", "filters must be a JSON object")]
    [InlineData("\"c1\"", "filters must be a JSON object")]
    [InlineData("""{"OR":[{"role":"user"}]}""", "Unsupported filter 'OR' in filters (supported: AND, conversation_id, role, user_id, created_at, updated_at, metadata)")]
    [InlineData("""{"categories":{"in":["x"]}}""", "Unsupported filter 'categories' in filters (supported: AND, conversation_id, role, user_id, created_at, updated_at, metadata)")]
    [InlineData("""{"AND":{"role":"user"}}""", "filters.AND must be an array of objects")]
    [InlineData("""{"AND":["role"]}""", "filters.AND[0] must be an object")]
    [InlineData("""{"AND":[{"NOT":{"role":"user"}}]}""", "Unsupported filter 'NOT' in filters.AND[0] (supported: AND, conversation_id, role, user_id, created_at, updated_at, metadata)")]
    [InlineData("""{"role":5}""", "filters.role must be a string or an object with 'eq' or 'in'")]
    [InlineData("""{"role":{"ne":"user"}}""", "Unsupported operator 'ne' in filters.role (supported: eq, in)")]
    [InlineData("""{"role":{"in":"user"}}""", "filters.role.in must be an array of strings")]
    [InlineData("""{"role":{"eq":["user"]}}""", "filters.role.eq must be a string")]
    [InlineData("""{"user_id":"bob"}""", "filters.user_id may only name the user of the path")]
    [InlineData("""{"user_id":{"in":["alice","bob"]}}""", "filters.user_id may only name the user of the path")]
    [InlineData("""{"created_at":"2026-08-21"}""", "filters.created_at must be an object with gte, gt, lte or lt")]
    [InlineData("""{"created_at":{"eq":"2026-08-21"}}""", "Unsupported operator 'eq' in filters.created_at (supported: gte, gt, lte, lt)")]
    [InlineData("""{"created_at":{"gte":"yesterday"}}""", "filters.created_at.gte must be an ISO 8601 date and time or Unix epoch seconds")]
    [InlineData("""{"created_at":{"gte":"08/21/2026"}}""", "filters.created_at.gte must be an ISO 8601 date and time or Unix epoch seconds")]
    [InlineData("""{"created_at":{"gte":1e300}}""", "filters.created_at.gte must be an ISO 8601 date and time or Unix epoch seconds")]
    [InlineData("""{"created_at":{"gte":true}}""", "filters.created_at.gte must be an ISO 8601 date and time or Unix epoch seconds")]
    [InlineData("""{"metadata":"c1"}""", "filters.metadata must be an object")]
    [InlineData("""{"metadata":{"topic":"x"}}""", "Unsupported metadata key 'topic' in filters.metadata (supported: conversation_id, role)")]
    public void Malformed_or_unsupported_filters_are_errors(string filters, string expected) =>
        Error(filters).Should().Be(expected);

    [Theory]
    [InlineData("{", "metadata is not valid JSON")]
    [InlineData("[1]", "metadata must be a JSON object")]
    [InlineData("""{"source":"chat"}""", "Unsupported metadata key 'source' in metadata (supported: conversation_id, role)")]
    public void Malformed_or_unsupported_metadata_are_errors(string metadata, string expected) =>
        Error(null, metadata).Should().Be(expected);

    [Fact]
    public void Deeply_nested_json_is_refused_not_recursed()
    {
        var deep = string.Concat(Enumerable.Repeat("""{"AND":[""", 40)) + "{}" + string.Concat(Enumerable.Repeat("]}", 40));

        Error(deep).Should().Be("filters is not valid JSON");
    }
}
