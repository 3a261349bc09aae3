namespace G4F.Backend.Speech;

/// <summary>Speech synthesis routing (<c>G4F:Speech</c>).</summary>
public sealed class SpeechOptions
{
    /// <summary>
    /// Provider names the synthesize route maps to a configured synthesizer, e.g. <c>{"Gemini": "OpenAI"}</c>.
    /// An alias wins over a provider of the same name.
    /// </summary>
    public IDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The synthesizer the official client's default name <c>Gemini</c> reaches when no alias and no provider
    /// has that name; null means the first provider that can synthesize.
    /// </summary>
    public string? DefaultProvider { get; set; }
}
