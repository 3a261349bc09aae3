using G4F.Backend.Providers;

namespace G4F.Backend.Routing;

/// <summary>Where a turn goes: one named provider, or the automatic router.</summary>
/// <param name="Name">The name the turn resolved to: the provider's name or <c>AnyProvider</c>.</param>
/// <param name="Provider">The named provider, or null for automatic routing.</param>
internal sealed record RoutePlan(string Name, IChatProvider? Provider)
{
    /// <summary>The name clients use for automatic routing.</summary>
    public const string AutomaticName = "AnyProvider";

    public bool IsAutomatic => Provider is null;

    /// <summary>
    /// The key the caller presented beside the request (an OpenAI client's bearer), offered to the candidates that take a
    /// caller's key (<see cref="ProviderDescriptor.TakesCallerKey"/>) when the request names no key for them; null for none.
    /// </summary>
    public string? CallerKey { get; init; }

    // The caller's key never reaches a log line.
    public override string ToString() => $"RoutePlan {{ Name = {Name}, CallerKey = {(CallerKey is null ? "none" : "***")} }}";
}
