namespace G4F.Backend.QuickAnswers;

/// <summary>A media answer that lives at a URL: a provider's remote media URL, or a stored <c>/media/...</c> path.</summary>
/// <param name="Location">The <c>Location</c> to redirect to: an absolute http(s) URL or a path under the mount prefix.</param>
public sealed record RedirectAnswer(string Location) : QuickAnswer;
