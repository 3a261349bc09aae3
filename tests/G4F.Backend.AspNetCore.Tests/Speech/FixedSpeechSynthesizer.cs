using G4F.Backend.Speech;

namespace G4F.Backend.AspNetCore.Tests.Speech;

/// <summary>A host-registered synthesizer that answers fixed bytes and remembers what it was asked.</summary>
internal sealed class FixedSpeechSynthesizer(string providerName) : ISpeechSynthesizer
{
    public string ProviderName { get; } = providerName;

    public SpeechRequest? LastRequest { get; private set; }

    public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken)
    {
        LastRequest = request;
        return Task.FromResult(new SpeechAudio(new MemoryStream("RIFF-host"u8.ToArray()), contentType: null));
    }
}
