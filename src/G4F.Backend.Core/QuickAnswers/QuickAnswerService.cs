using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using G4F.Backend.Search;
using G4F.Backend.Speech;

namespace G4F.Backend.QuickAnswers;

/// <summary>
/// <c>GET /backend-api/v2/create</c> (PROTOCOL 4): one user message through the same turn as a conversation (routing, web
/// search, usage record), answered as plain text, a filtered code block, a cached answer, or media. Failures before the first
/// part of the answer are a <see cref="QuickAnswerException"/> the endpoint turns into a status; a text answer is streamed.
/// </summary>
public sealed class QuickAnswerService
{
    private readonly ConversationService _conversations;
    private readonly QuickAnswerCache _cache;
    private readonly WebSearchService _search;
    private readonly QuickAnswerMedia _media;
    private readonly QuickAnswerVoice _voice;

    internal QuickAnswerService(
        ConversationService conversations,
        QuickAnswerCache cache,
        MediaLibrary media,
        MediaDownloadStep downloads,
        WebSearchService search,
        SpeechSynthesizers speech)
    {
        _conversations = conversations;
        _cache = cache;
        _search = search;
        _media = new QuickAnswerMedia(cache, media, downloads);
        _voice = new QuickAnswerVoice(speech, media);
    }

    /// <summary>The provider name that answers with the web-search result blocks instead of a model (PROTOCOL 4).</summary>
    internal const string CachedSearchName = "CachedSearch";

    // Prompts keep their characters as they are: the key must not depend on an escaping choice.
    private static readonly JsonSerializerOptions CanonicalJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Starts the answer and returns once its first part is known.</summary>
    /// <param name="request">The query.</param>
    /// <param name="mediaBase">The path prefix of this server's <c>/media/</c> route (<c>""</c> or e.g. <c>/g4f</c>).</param>
    /// <param name="cancellationToken">Cancels the turn (client disconnect).</param>
    /// <exception cref="QuickAnswerException">The answer failed before its first part.</exception>
    public async Task<QuickAnswer> AnswerAsync(QuickAnswerRequest request, string mediaBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Resolved before the provider is paid for: without a voice there is no audio answer to give.
        var synthesizer = request.Audio ? _voice.SynthesizerFor(request.Provider) : null;
        var key = string.IsNullOrEmpty(request.Cache) || !_cache.Enabled ? null : QuickAnswerCache.KeyOf(request.Cache, Parameters(request));
        if (key is not null && await _cache.ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached.IsMedia ? QuickAnswerMedia.Located(cached.Text, mediaBase) : new TextAnswer(Filtered(cached.Text, request.Filter));
        }

        if (string.Equals(request.Provider, CachedSearchName, StringComparison.OrdinalIgnoreCase))
        {
            var blocks = await SearchBlocksAsync(request, cancellationToken).ConfigureAwait(false);
            if (key is not null)
            {
                await _cache.StoreAsync(key, new CachedAnswer(blocks, IsMedia: false), cancellationToken).ConfigureAwait(false);
            }

            return new TextAnswer(Filtered(blocks, request.Filter));
        }

        // The same turn as a conversation's, through the same checks: the prompt carries no media, so the only
        // refusal is an unknown provider.
        var outcome = await _conversations.RunAsync(ChatRequestFor(request), TurnInput.None, cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            throw refusal.StatusCode == 404
                ? new QuickAnswerException(FailureKind.ProviderNotFound, $"ProviderNotFoundError: {refusal.Message}")
                : new QuickAnswerException(FailureKind.Failed, refusal.Message);
        }

        var turn = outcome.Events.GetAsyncEnumerator(cancellationToken);
        var handedOver = false;
        try
        {
            var (first, model) = await QuickAnswerTurnReader.FirstContentAsync(turn, request.Model).ConfigureAwait(false);
            if (first is null)
            {
                return new TextAnswer(string.Empty);
            }

            if (first.Urls is { Count: > 0 })
            {
                var answer = await _media.StoredAsync(first, new MediaDownloadContext(string.Empty, model, null, null, request.Prompt), key, mediaBase, cancellationToken).ConfigureAwait(false);
                await QuickAnswerTurnReader.DrainAsync(turn).ConfigureAwait(false);
                return answer;
            }

            if (first.Data is { } audio)
            {
                await QuickAnswerTurnReader.DrainAsync(turn).ConfigureAwait(false);
                return await _media.AudioDataAsync(audio, key, cancellationToken).ConfigureAwait(false);
            }

            if (key is null && request.Filter is null && synthesizer is null)
            {
                handedOver = true;
                return new StreamedTextAnswer(QuickAnswerTurnReader.StreamAsync(first, turn, cancellationToken));
            }

            var text = await QuickAnswerTurnReader.WholeTextAsync(first, turn, cancellationToken).ConfigureAwait(false);
            if (synthesizer is not null)
            {
                var name = await _voice.SpeakAsync(synthesizer, text, request, cancellationToken).ConfigureAwait(false);
                return await _media.SpokenAsync(name, key, mediaBase, cancellationToken).ConfigureAwait(false);
            }

            if (key is not null)
            {
                await _cache.StoreAsync(key, new CachedAnswer(text, IsMedia: false), cancellationToken).ConfigureAwait(false);
            }

            return new TextAnswer(Filtered(text, request.Filter));
        }
        finally
        {
            if (!handedOver)
            {
                await turn.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The parameters the cache key covers, as canonical JSON (sorted keys), so equal requests share one entry.</summary>
    internal static string Parameters(QuickAnswerRequest request)
    {
        var parameters = new JsonObject
        {
            ["audio"] = request.Audio,
            ["messages"] = new JsonArray(new JsonObject { ["content"] = request.Prompt, ["role"] = "user" }),
            ["model"] = request.Model,
            ["provider"] = request.Provider,
            ["web_search"] = request.WebSearch,
        };
        return parameters.ToJsonString(CanonicalJson);
    }

    // Media stay the provider's here: whether they are stored depends on the answer (one item, several, cached).
    private static ChatRequest ChatRequestFor(QuickAnswerRequest request) => new()
    {
        Messages = [new JsonObject { ["role"] = "user", ["content"] = request.Prompt }],
        Model = request.Model,
        Provider = request.Provider,
        WebSearch = request.WebSearch,
        DownloadMedia = false,
        User = request.User,
    };

    private async Task<string> SearchBlocksAsync(QuickAnswerRequest request, CancellationToken cancellationToken)
    {
        try
        {
            // The original's CachedSearch reads its engine from the model field.
            return await _search.SearchBlocksAsync(request.Prompt, request.Model, null, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSearchException ex)
        {
            throw new QuickAnswerException(FailureKind.Failed, $"{ConversationSearch.ErrorName}: {ex.Message}");
        }
    }

    private static string Filtered(string text, string? filter) => filter is null ? text : CodeBlockFilter.Apply(text, filter);
}
