namespace G4F.Backend.QuickAnswers;

/// <summary>What <c>GET /create</c> answers once the first meaningful part of the answer is known (PROTOCOL 4).</summary>
internal abstract record QuickAnswer;
