using G4F.Backend.Providers;

namespace G4F.Backend.Speech;

/// <summary>
/// Turns text into audio for <c>GET /backend-api/v2/synthesize/{provider}</c> (PROTOCOL 11). The backend
/// creates one for every OpenAI-compatible provider with a <see cref="ProviderOptions.SpeechModel"/>; a host
/// may register its own as a singleton.
/// </summary>
public interface ISpeechSynthesizer
{
    /// <summary>The provider name the route answers to (case-insensitive).</summary>
    string ProviderName { get; }

    /// <summary>Starts the synthesis and returns once the upstream's audio begins; the audio is read as it arrives.</summary>
    /// <param name="request">What to say and how.</param>
    /// <param name="cancellationToken">Cancels the upstream call, also while the audio is being read.</param>
    /// <returns>The audio; dispose it to end the upstream call.</returns>
    /// <exception cref="Providers.ProviderException">The upstream refused or failed before any audio.</exception>
    Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken);
}
