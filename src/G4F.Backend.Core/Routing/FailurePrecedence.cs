using G4F.Backend.Providers;

namespace G4F.Backend.Routing;

/// <summary>
/// Which of the failures of a turn that tried several providers says most about why it failed, for a front door that
/// answers with one status (the OpenAI-compatible API). From first to last: a missing or rejected key (the caller can
/// act on it), a rate limit or exhausted quota, a model the provider does not know, any other failure of a provider that
/// answered, and a provider that could not be reached or did not answer in time (connection errors, timeouts, an
/// upstream gateway's 504): a provider that was down says nothing about the request, so it never hides what another one
/// answered. Among failures of one rank the first attempt's decides. The ranks are of
/// <see cref="FailureClassification"/>'s kinds, so the precedence and every front door's status agree on what a failure is.
/// </summary>
internal static class FailurePrecedence
{
    public static ProviderException Deciding(IEnumerable<ProviderException> failures) =>
        failures.MinBy(Rank) ?? throw new ArgumentException("At least one failure is needed.", nameof(failures));

    private static int Rank(ProviderException failure) => FailureClassification.Of(failure) switch
    {
        FailureKind.Unauthorized => 0,
        FailureKind.RateLimited or FailureKind.QuotaExhausted => 1,
        FailureKind.ModelNotFound => 2,
        FailureKind.Unreachable => 4,
        _ => 3,
    };
}
