namespace G4F.Backend.Diagnostics;

/// <summary>One reachability probe of a provider.</summary>
/// <param name="Reachable">Whether the host answered below 500.</param>
/// <param name="Reason">Why not: an error name (<c>ConnectionError</c>, <c>TimeoutError</c>) or <c>HTTP 503</c>; never a URL or key.</param>
/// <param name="CompletedAt">When the probe ended, for its cache.</param>
internal sealed record ProbeResult(bool Reachable, string? Reason, DateTimeOffset CompletedAt);
