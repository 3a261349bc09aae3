namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>An image a turn generated and stored: its media file name and the prompt it was drawn for (the media event's alt, as g4f's API answers it).</summary>
internal sealed record TurnImage(string File, string? Prompt);
