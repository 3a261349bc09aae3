using G4F.Backend.Providers;

namespace G4F.Backend.Routing;

/// <summary>
/// Which of the failures of a turn that tried several providers says most about why it failed, for a front door that
/// answers with one status (the OpenAI-compatible API). From first to last: a missing or rejected key (the caller can
/// act on it), a rate limit or exhausted quota, a model the provider does not know, any other failure of a provider that
/// answered, and a provider that could not be reached or did not answer in time (connection errors, timeouts, an
/// upstream gateway's 504): a provider that was down says nothing about the request, so it never hides what another one
/// answered. Among failures of one rank the first attempt's decides.
/// </summary>
internal static class FailurePrecedence
{
    public static ProviderException Deciding(IEnumerable<ProviderException> failures) =>
        failures.MinBy(Rank) ?? throw new ArgumentException("At least one failure is needed.", nameof(failures));

    private static int Rank(ProviderException failure) => failure switch
    {
        { IsAuthError: true } => 0,
        { ErrorName: "ConnectionError" or "TimeoutError" } or { StatusCode: 504 } => 4,
        { ErrorName: "RateLimitError" } => 1,
        { ErrorName: "ModelNotFoundError" } => 2,
        _ => 3,
    };
}
