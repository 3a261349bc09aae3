using G4F.Backend.Requests;
using G4F.Backend.Routing;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Speech;

/// <summary>
/// Speech for a host (PROTOCOL 11): the synthesizer a provider name (or its configured alias) stands for, among the
/// configured OpenAI-compatible providers with a speech model and the host's own <see cref="ISpeechSynthesizer"/>s.
/// </summary>
public sealed class SpeechService
{
    private readonly SpeechSynthesizers _synthesizers;
    private readonly IOptions<RoutingOptions> _routing;

    internal SpeechService(SpeechSynthesizers synthesizers, IOptions<RoutingOptions> routing)
    {
        _synthesizers = synthesizers;
        _routing = routing;
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

    /// <summary>
    /// Starts the synthesis for a caller with a key of its own (an OpenAI client's bearer), by the rule of chat and images:
    /// a configured provider without an <c>ApiKey</c> is called with it when <c>G4F:AllowClientApiKeys</c> allows client
    /// keys (not one starting <c>g4f_</c> or <c>gfs_</c>); a configured key is never replaced, so an SDK's dummy key cannot
    /// take its place. A host's own synthesizer is called as <see cref="ISpeechSynthesizer.SynthesizeAsync"/> and never sees it.
    /// </summary>
    /// <param name="synthesizer">The synthesizer, from <see cref="Resolve(string?, string?)"/>.</param>
    /// <param name="request">What to say and how.</param>
    /// <param name="callerKey">The caller's own key, or null.</param>
    /// <param name="cancellationToken">Cancels the upstream call, also while the audio is being read.</param>
    /// <returns>The audio; dispose it to end the upstream call.</returns>
    /// <exception cref="Providers.ProviderException">The upstream refused or failed before any audio.</exception>
    public Task<SpeechAudio> SynthesizeAsync(ISpeechSynthesizer synthesizer, SpeechRequest request, string? callerKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(synthesizer);
        return synthesizer is OpenAISpeechSynthesizer configured
            ? configured.SynthesizeAsync(request, ProviderSelection.ClientKey(callerKey, _routing.Value.AllowClientApiKeys), cancellationToken)
            : synthesizer.SynthesizeAsync(request, cancellationToken);
    }
}
