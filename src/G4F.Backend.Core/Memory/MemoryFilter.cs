namespace G4F.Backend.Memory;

/// <summary>
/// Conditions a memory item must meet; all set conditions must hold. Time bounds are inclusive and
/// compared at millisecond precision.
/// </summary>
public sealed record MemoryFilter
{
    /// <summary>The item's conversation is one of these (an empty set matches nothing); null for any.</summary>
    public IReadOnlyCollection<string>? ConversationIds { get; init; }

    /// <summary>The item's role is one of these (an empty set matches nothing); null for any.</summary>
    public IReadOnlyCollection<string>? Roles { get; init; }

    /// <summary>Created at or after this instant.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Created at or before this instant.</summary>
    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Updated at or after this instant.</summary>
    public DateTimeOffset? UpdatedFrom { get; init; }

    /// <summary>Updated at or before this instant.</summary>
    public DateTimeOffset? UpdatedTo { get; init; }
}
