namespace G4F.Backend.Conversations;

/// <summary>
/// A turn refused before its stream started, with the status a front door answers with: 400 for attached media that
/// may not be used (too many, or a URL that may not be fetched), 404 for a provider that is not configured.
/// </summary>
/// <param name="StatusCode">The HTTP status: 400 or 404.</param>
/// <param name="Message">The message of the error body; names no secret.</param>
public sealed record TurnRefusal(int StatusCode, string Message);
