using G4F.Backend.Requests;

namespace G4F.Backend.Speech;

/// <summary>
/// Speech for a host (PROTOCOL 11): the synthesizer a provider name (or its configured alias) stands for, among the
/// configured OpenAI-compatible providers with a speech model and the host's own <see cref="ISpeechSynthesizer"/>s.
/// </summary>
public sealed class SpeechService
{
    private readonly SpeechSynthesizers _synthesizers;

    internal SpeechService(SpeechSynthesizers synthesizers)
    {
        _synthesizers = synthesizers;
    }

    /// <summary>The synthesizer of <paramref name="provider"/>.</summary>
    /// <param name="provider">A provider name or a speech alias (case-insensitive).</param>
    /// <returns>The synthesizer, or the refusal (no such provider; a provider that does not speak).</returns>
    public ServiceResult<ISpeechSynthesizer> Resolve(string provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!_synthesizers.TryResolve(provider, out var synthesizer))
        {
            return RequestRefusal.NotFound($"Provider with label '{provider}' not found");
        }

        return synthesizer is null ? RequestRefusal.Unsupported("Provider doesn't support synthesize") : ServiceResult<ISpeechSynthesizer>.Of(synthesizer);
    }

    /// <summary>
    /// The synthesizer of an OpenAI-style request: <paramref name="provider"/> when given; else, by automatic routing on
    /// <paramref name="model"/>, the first provider in routing order whose configured speech model it is; else the
    /// default speaker (<see cref="SpeechOptions.DefaultProvider"/>, else the first provider able to speak), since OpenAI
    /// clients always send a model such as <c>tts-1</c>.
    /// </summary>
    /// <param name="provider">A provider name or a speech alias, or null.</param>
    /// <param name="model">The requested model, or null.</param>
    /// <returns>The synthesizer, or the refusal (no such provider; a provider that does not speak).</returns>
    public ServiceResult<ISpeechSynthesizer> Resolve(string? provider, string? model) =>
        Resolve(provider ?? (string.IsNullOrWhiteSpace(model) ? null : _synthesizers.NameOfModel(model)) ?? SpeechSynthesizers.ClientDefaultName);
}
