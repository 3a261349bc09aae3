namespace G4F.Backend.QuickAnswers;

/// <summary>A quick answer failed; <see cref="Exception.Message"/> is the protocol's <c>"&lt;Name&gt;: &lt;text&gt;"</c>, safe for clients.</summary>
internal sealed class QuickAnswerException : Exception
{
    public QuickAnswerException(QuickAnswerFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public QuickAnswerFailure Failure { get; }
}
