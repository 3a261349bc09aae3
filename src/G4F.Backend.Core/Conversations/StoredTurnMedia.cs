namespace G4F.Backend.Conversations;

/// <summary>One media URL a turn's media step handled: the stored file (null when it stayed remote) and the alt text it was shown with.</summary>
/// <param name="Name">The stored media file name; null when the download was refused or failed.</param>
/// <param name="Alt">The alt text of the media block: the provider's, else the turn's prompt.</param>
internal readonly record struct StoredTurnMedia(string? Name, string? Alt);
