namespace G4F.Backend.QuickAnswers;

/// <summary>What <c>GET /create</c> answers once the first meaningful part of the answer is known (PROTOCOL 4).</summary>
public abstract record QuickAnswer
{
    // Only the answers of this assembly: a host matches on a closed set.
    private protected QuickAnswer()
    {
    }
}
