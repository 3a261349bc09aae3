using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using G4F.Backend.Speech;

namespace G4F.Backend.QuickAnswers;

/// <summary>The voice of an audio <c>/create</c> answer (PROTOCOL 4): chosen before the provider is paid for, then the whole answer spoken and stored.</summary>
internal sealed class QuickAnswerVoice(SpeechSynthesizers speech, MediaLibrary media)
{
    /// <summary>The named provider when it speaks itself, else the server's default voice (the client's "Gemini" alias).</summary>
    /// <exception cref="QuickAnswerException">No provider can synthesize audio.</exception>
    public ISpeechSynthesizer SynthesizerFor(string? provider)
    {
        if (provider is not null && speech.TryResolve(provider, out var own) && own is not null)
        {
            return own;
        }

        return speech.TryResolve(SpeechSynthesizers.ClientDefaultName, out var fallback) && fallback is not null
            ? fallback
            : throw new QuickAnswerException(FailureKind.Failed, "ProviderNotFoundError: No provider can synthesize audio");
    }

    /// <summary>Speaks <paramref name="text"/> and stores it; returns the stored file's name.</summary>
    public async Task<string> SpeakAsync(ISpeechSynthesizer synthesizer, string text, QuickAnswerRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var audio = await synthesizer.SynthesizeAsync(new SpeechRequest(text, null, null, "mp3"), cancellationToken).ConfigureAwait(false);
            await using (audio.ConfigureAwait(false))
            {
                return await media.StoreAsync(audio.Content, audio.ContentType, $"synthesize:{synthesizer.ProviderName}:{text}", [request.Model, synthesizer.ProviderName], request.Prompt, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ProviderException ex)
        {
            throw new QuickAnswerException(FailureClassification.Of(ex), ex.ProtocolMessage);
        }
        catch (DownloadException ex)
        {
            throw new QuickAnswerException(FailureKind.Failed, $"ResponseError: The synthesized audio could not be stored ({ex.Reason})");
        }
    }
}
