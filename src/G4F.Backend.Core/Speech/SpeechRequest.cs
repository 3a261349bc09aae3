namespace G4F.Backend.Speech;

/// <summary>One synthesis request: the query parameters of the synthesize route.</summary>
/// <param name="Text">The text to speak; never empty.</param>
/// <param name="Voice">The voice, or null for the provider's default.</param>
/// <param name="Model">The speech model, or null for the provider's default.</param>
/// <param name="Format">The audio format (<c>mp3</c>, <c>wav</c>, <c>opus</c>, <c>aac</c>, <c>flac</c>), or null for the upstream's default.</param>
public sealed record SpeechRequest(string Text, string? Voice = null, string? Model = null, string? Format = null);
