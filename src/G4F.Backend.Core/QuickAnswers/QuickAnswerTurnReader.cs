using System.Runtime.CompilerServices;
using System.Text;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.QuickAnswers;

/// <summary>
/// Reads the events of a <c>/create</c> turn (PROTOCOL 4): up to the first part of the answer, then the rest streamed as
/// UTF-8, gathered whole, or drained. A failure event throws <see cref="QuickAnswerException"/>.
/// </summary>
internal static class QuickAnswerTurnReader
{
    /// <summary>The first content event, and the model the turn last reported (the tag of stored media, PROTOCOL 7.1).</summary>
    public static async Task<(ContentEvent? First, string? Model)> FirstContentAsync(IAsyncEnumerator<ResponseEvent> turn, string? model)
    {
        while (await turn.MoveNextAsync().ConfigureAwait(false))
        {
            switch (turn.Current)
            {
                case ProviderEvent { Provider.Model: { Length: > 0 } reported }:
                    model = reported;
                    break;
                case var current when QuickAnswerText.FailureOf(current) is { } failure:
                    throw failure;
                case var current when QuickAnswerText.IsFirstContent(current):
                    return ((ContentEvent)current, model);
            }
        }

        return (null, model);
    }

    /// <summary>The answer as UTF-8 chunks from <paramref name="first"/> on; disposes <paramref name="turn"/> when done.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> StreamAsync(ContentEvent first, IAsyncEnumerator<ResponseEvent> turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using (turn.ConfigureAwait(false))
        {
            yield return QuickAnswerText.Utf8Of(first);
            while (await turn.MoveNextAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (QuickAnswerText.FailureOf(turn.Current) is { } failure)
                {
                    throw failure;
                }

                if (QuickAnswerText.Utf8Of(turn.Current) is { Length: > 0 } text)
                {
                    yield return text;
                }
            }
        }
    }

    /// <summary>The streamed chunks, gathered: one reading of the turn, whatever the answer becomes; disposes <paramref name="turn"/>.</summary>
    public static async Task<string> WholeTextAsync(ContentEvent first, IAsyncEnumerator<ResponseEvent> turn, CancellationToken cancellationToken)
    {
        // As strings, not the stream's UTF-8: a string-backed event may hold a lone surrogate that UTF-8 cannot carry.
        var text = new StringBuilder();
        await using (turn.ConfigureAwait(false))
        {
            Append(text, first);
            while (await turn.MoveNextAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (QuickAnswerText.FailureOf(turn.Current) is { } failure)
                {
                    throw failure;
                }

                Append(text, turn.Current);
            }
        }

        return text.ToString();
    }

    /// <summary>Reads the rest of the turn, so it completes and records its usage; what follows media is not part of the answer.</summary>
    public static async Task DrainAsync(IAsyncEnumerator<ResponseEvent> turn)
    {
        while (await turn.MoveNextAsync().ConfigureAwait(false))
        {
        }
    }

    private static void Append(StringBuilder text, ResponseEvent responseEvent)
    {
        text.Append(QuickAnswerText.Of(responseEvent));
        if (text.Length > ConversationService.MaxWholeAnswerChars)
        {
            throw new QuickAnswerException(FailureKind.Failed, $"ResponseError: The answer is longer than {ConversationService.MaxWholeAnswerChars} characters");
        }
    }
}
