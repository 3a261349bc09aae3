namespace G4F.Backend.QuickAnswers;

/// <summary>A stored answer of <c>GET /create?cache=...</c>.</summary>
/// <param name="Text">The raw answer (before <c>filter_markdown</c>), or the media paths one per line.</param>
/// <param name="IsMedia">Whether <paramref name="Text"/> lists stored media (<c>/media/...</c>, without the mount prefix).</param>
internal sealed record CachedAnswer(string Text, bool IsMedia);
