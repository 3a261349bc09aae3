using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Downloads;
using G4F.Backend.Events;
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
    private readonly MediaLibrary _media;
    private readonly MediaDownloadStep _downloads;
    private readonly WebSearchService _search;
    private readonly SpeechSynthesizers _speech;

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
        _media = media;
        _downloads = downloads;
        _search = search;
        _speech = speech;
    }

    /// <summary>The provider name that answers with the web-search result blocks instead of a model (PROTOCOL 4).</summary>
    internal const string CachedSearchName = "CachedSearch";

    /// <summary>The most characters an answer that must be known whole (filtered, cached, spoken) may have.</summary>
    internal const int MaxWholeAnswerChars = 16 * 1024 * 1024;

    private const string MediaPath = "/media/";

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
        var synthesizer = request.Audio ? SynthesizerFor(request.Provider) : null;
        var key = string.IsNullOrEmpty(request.Cache) || !_cache.Enabled ? null : QuickAnswerCache.KeyOf(request.Cache, Parameters(request));
        if (key is not null && await _cache.ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached.IsMedia ? MediaAnswer(cached.Text, mediaBase) : new TextAnswer(Filtered(cached.Text, request.Filter));
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
                ? new QuickAnswerException(QuickAnswerFailure.NotFound, $"ProviderNotFoundError: {refusal.Message}")
                : new QuickAnswerException(QuickAnswerFailure.Failed, refusal.Message);
        }

        var turn = outcome.Events.GetAsyncEnumerator(cancellationToken);
        var handedOver = false;
        try
        {
            var (first, model) = await FirstContentAsync(turn, request.Model).ConfigureAwait(false);
            if (first is null)
            {
                return new TextAnswer(string.Empty);
            }

            if (first.Urls is { Count: > 0 })
            {
                var answer = await StoredMediaAnswerAsync(first, new MediaDownloadContext(string.Empty, model, null, null, request.Prompt), key, mediaBase, cancellationToken).ConfigureAwait(false);
                await DrainAsync(turn).ConfigureAwait(false);
                return answer;
            }

            if (first.Data is { } audio)
            {
                await DrainAsync(turn).ConfigureAwait(false);
                return await AudioDataAnswerAsync(audio, key, cancellationToken).ConfigureAwait(false);
            }

            if (key is null && request.Filter is null && synthesizer is null)
            {
                handedOver = true;
                return new StreamedTextAnswer(StreamAsync(first, turn, cancellationToken));
            }

            var text = await WholeTextAsync(first, turn, cancellationToken).ConfigureAwait(false);
            if (synthesizer is not null)
            {
                var name = await SpeakAsync(synthesizer, text, request, cancellationToken).ConfigureAwait(false);
                if (key is null)
                {
                    return (QuickAnswer?)await FileAnswerAsync(name, cancellationToken).ConfigureAwait(false) ?? new TextAnswer(MediaPath + name);
                }

                await _cache.StoreAsync(key, new CachedAnswer(MediaPath + name, IsMedia: true), cancellationToken).ConfigureAwait(false);
                return new RedirectAnswer(mediaBase + MediaPath + name);
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
            throw new QuickAnswerException(QuickAnswerFailure.Failed, $"{ConversationSearch.ErrorName}: {ex.Message}");
        }
    }

    private ISpeechSynthesizer SynthesizerFor(string? provider)
    {
        // The named provider when it speaks itself, else the server's default voice (the client's "Gemini" alias).
        if (provider is not null && _speech.TryResolve(provider, out var own) && own is not null)
        {
            return own;
        }

        return _speech.TryResolve(SpeechSynthesizers.ClientDefaultName, out var fallback) && fallback is not null
            ? fallback
            : throw new QuickAnswerException(QuickAnswerFailure.Failed, "ProviderNotFoundError: No provider can synthesize audio");
    }

    /// <summary>The first content event, and the model the turn last reported (the tag of stored media, PROTOCOL 7.1).</summary>
    private static async Task<(ContentEvent? First, string? Model)> FirstContentAsync(IAsyncEnumerator<ResponseEvent> turn, string? model)
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

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> StreamAsync(ContentEvent first, IAsyncEnumerator<ResponseEvent> turn, [EnumeratorCancellation] CancellationToken cancellationToken)
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

    // The streamed chunks, gathered: one reading of the turn, whatever the answer becomes.
    private static async Task<string> WholeTextAsync(ContentEvent first, IAsyncEnumerator<ResponseEvent> turn, CancellationToken cancellationToken)
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

    private static void Append(StringBuilder text, ResponseEvent responseEvent)
    {
        text.Append(QuickAnswerText.Of(responseEvent));
        if (text.Length > MaxWholeAnswerChars)
        {
            throw new QuickAnswerException(QuickAnswerFailure.Failed, $"ResponseError: The answer is longer than {MaxWholeAnswerChars} characters");
        }
    }

    /// <summary>Reads the rest of the turn, so it completes and records its usage; what follows media is not part of the answer.</summary>
    private static async Task DrainAsync(IAsyncEnumerator<ResponseEvent> turn)
    {
        while (await turn.MoveNextAsync().ConfigureAwait(false))
        {
        }
    }

    private async Task<QuickAnswer> StoredMediaAnswerAsync(ContentEvent first, MediaDownloadContext context, string? key, string mediaBase, CancellationToken cancellationToken)
    {
        if (first.Urls!.Count == 1 && key is null)
        {
            // One item, no cache: the original hands it out where it is, without storing it.
            return await SingleMediaAnswerAsync(first.Urls[0], cancellationToken).ConfigureAwait(false);
        }

        // Stored under the root's paths (the cache must not depend on the mount); the prefix is added to the answer.
        var stored = await _downloads.RewriteAsync(first, context, cancellationToken).ConfigureAwait(false);
        var text = string.Join('\n', stored.Urls ?? first.Urls);
        if (key is not null)
        {
            await _cache.StoreAsync(key, new CachedAnswer(text, IsMedia: true), cancellationToken).ConfigureAwait(false);
        }

        return MediaAnswer(text, mediaBase);
    }

    private async Task<QuickAnswer> AudioDataAnswerAsync(string audio, string? key, CancellationToken cancellationToken)
    {
        if (key is not null && audio.StartsWith(MediaPath, StringComparison.Ordinal))
        {
            await _cache.StoreAsync(key, new CachedAnswer(audio, IsMedia: true), cancellationToken).ConfigureAwait(false);
        }

        return await SingleMediaAnswerAsync(audio, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A stored file is served itself, a remote URL redirected to, anything else (a data URI) answered as text.</summary>
    private async Task<QuickAnswer> SingleMediaAnswerAsync(string url, CancellationToken cancellationToken)
    {
        if (MediaUrls.NameOf(url, string.Empty) is { } name && await FileAnswerAsync(name, cancellationToken).ConfigureAwait(false) is { } file)
        {
            return file;
        }

        return IsRemote(url) ? new RedirectAnswer(url) : new TextAnswer(url);
    }

    private async Task<MediaFileAnswer?> FileAnswerAsync(string name, CancellationToken cancellationToken) =>
        MediaLibrary.TryName(name, out var stored) && await _media.OpenAsync(stored, thumbnail: false, cancellationToken).ConfigureAwait(false) is { } blob
            ? new MediaFileAnswer(stored, blob)
            : null;

    /// <summary>One stored item (or remote URL) is a redirect; several are listed one per line, each under the mount prefix.</summary>
    private static QuickAnswer MediaAnswer(string lines, string mediaBase)
    {
        var urls = lines.Split('\n');
        var located = urls.Select(u => u.StartsWith(MediaPath, StringComparison.Ordinal) ? mediaBase + u : u).ToArray();
        return located.Length == 1 && (IsRemote(located[0]) || urls[0].StartsWith(MediaPath, StringComparison.Ordinal))
            ? new RedirectAnswer(located[0])
            : new TextAnswer(string.Join('\n', located));
    }

    private async Task<string> SpeakAsync(ISpeechSynthesizer synthesizer, string text, QuickAnswerRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var audio = await synthesizer.SynthesizeAsync(new SpeechRequest(text, null, null, "mp3"), cancellationToken).ConfigureAwait(false);
            await using (audio.ConfigureAwait(false))
            {
                return await _media.StoreAsync(audio.Content, audio.ContentType, $"synthesize:{synthesizer.ProviderName}:{text}", [request.Model, synthesizer.ProviderName], request.Prompt, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ProviderException ex)
        {
            throw new QuickAnswerException(ex.IsAuthError ? QuickAnswerFailure.Auth : QuickAnswerText.FailureNamed(ex.ErrorName), ex.ProtocolMessage);
        }
        catch (DownloadException ex)
        {
            throw new QuickAnswerException(QuickAnswerFailure.Failed, $"ResponseError: The synthesized audio could not be stored ({ex.Reason})");
        }
    }

    private static string Filtered(string text, string? filter) => filter is null ? text : CodeBlockFilter.Apply(text, filter);

    private static bool IsRemote(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
