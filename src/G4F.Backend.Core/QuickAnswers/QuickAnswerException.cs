using G4F.Backend.Providers;

namespace G4F.Backend.QuickAnswers;

/// <summary>A quick answer failed; <see cref="Exception.Message"/> is the protocol's <c>"&lt;Name&gt;: &lt;text&gt;"</c>, safe for clients.</summary>
public sealed class QuickAnswerException : Exception
{
    /// <summary>Creates the failure.</summary>
    /// <param name="kind">What the failure means (<see cref="FailureClassification"/>).</param>
    /// <param name="message">The protocol's client-safe message.</param>
    public QuickAnswerException(FailureKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    /// <summary>What the failure means; a host maps it to its status.</summary>
    public FailureKind Kind { get; }
}
