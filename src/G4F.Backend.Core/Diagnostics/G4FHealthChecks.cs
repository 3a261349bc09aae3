namespace G4F.Backend.Diagnostics;

/// <summary>
/// Names and tags of the health checks <c>AddG4FBackend()</c> registers, for a host's <c>MapHealthChecks</c> filters:
/// map readiness with <c>Predicate = check =&gt; check.Tags.Contains(G4FHealthChecks.ReadyTag)</c> and liveness with no checks.
/// </summary>
public static class G4FHealthChecks
{
    /// <summary>The tag of every check that says whether the backend can serve: storage and providers.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The storage check: a file is written to and deleted from the data directory. Unhealthy when that fails.</summary>
    public const string Storage = "g4f-storage";

    /// <summary>
    /// The providers check: whether each provider's host answers (an HTTP provider is probed with one GET of its model
    /// listing URL, cached for 30 s; any other provider by its model listing). Degraded (never Unhealthy) when some fail or none is configured.
    /// </summary>
    public const string Providers = "g4f-providers";
}
