using G4F.Backend.Speech;

namespace G4F.Backend.AspNetCore.Tests.Hosting.Parts;

/// <summary>A host's synthesizer under the name of a configured provider that has its own speech model.</summary>
internal sealed class HostSpeechSynthesizer : ISpeechSynthesizer
{
    public string ProviderName => "Fake";

    public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new SpeechAudio(new MemoryStream("RIFF-host"u8.ToArray()), contentType: null));
}
