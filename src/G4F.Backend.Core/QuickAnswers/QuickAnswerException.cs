namespace G4F.Backend.QuickAnswers;

/// <summary>A quick answer failed; <see cref="Exception.Message"/> is the protocol's <c>"&lt;Name&gt;: &lt;text&gt;"</c>, safe for clients.</summary>
public sealed class QuickAnswerException : Exception
{
    /// <summary>Creates the failure.</summary>
    /// <param name="failure">Why the answer failed.</param>
    /// <param name="message">The protocol's client-safe message.</param>
    public QuickAnswerException(QuickAnswerFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>Why the answer failed; a host maps it to its status.</summary>
    public QuickAnswerFailure Failure { get; }
}
