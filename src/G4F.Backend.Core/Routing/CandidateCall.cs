namespace G4F.Backend.Routing;

/// <summary>What one candidate is called with, as <see cref="CandidateSelector"/> decides it per provider.</summary>
/// <param name="Model">The model: the requested one, or the provider's default for <c>default</c>.</param>
/// <param name="ApiKey">The client's key for the provider, or null to use the configured one.</param>
internal sealed record CandidateCall(string? Model, string? ApiKey)
{
    // The key never reaches a log line.
    public override string ToString() => $"CandidateCall {{ Model = {Model ?? "(default)"}, ApiKey = {(ApiKey is null ? "none" : "***")} }}";
}
