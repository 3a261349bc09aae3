using System.Globalization;
using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>
/// The search step of a conversation turn, before the provider is called (PROTOCOL 3.8 items 2 and 4): a
/// <c>search_tool</c> call, else <c>web_search</c>, replaces the last message's text by the search prompt. A failed
/// <c>web_search</c> is a log line and the prompt goes on unchanged; a failed search tool call ends the turn. It answers
/// what it adds (the searched messages, the sources), never a rewritten request.
/// </summary>
internal sealed class ConversationSearch(WebSearchService search, IOptions<SearchOptions> options)
{
    /// <summary>The <c>error</c> name of a failed search tool call.</summary>
    public const string ErrorName = "WebSearchError";

    /// <summary>
    /// The search tool call or <c>web_search</c> of <paramref name="request"/> applied to <paramref name="messages"/> (the
    /// turn's messages so far, which may differ from the request's); neither is changed.
    /// </summary>
    public async Task<SearchedTurn> ApplyAsync(ChatRequest request, JsonArray messages, RequestLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(log);
        if (SearchToolCall.Find(request.ToolCalls) is { } call)
        {
            log.Add($"Processing tool call: {SearchToolCall.ToolName}");
            if (!SearchToolCall.TryRead(call, out var arguments, out var error))
            {
                return SearchedTurn.Unchanged with { Failure = new ErrorEvent("ValueError", $"ValueError: {error}") };
            }

            foreach (var note in arguments!.Notes)
            {
                log.Add(note);
            }

            if (request.WebSearch is not null)
            {
                log.Add("web_search is not used: the search tool call searches instead");
            }

            return await SearchAsync(messages, arguments, fatal: true, log, cancellationToken).ConfigureAwait(false);
        }

        if (request.WebSearch is { } value)
        {
            var firstLine = value == "true";
            log.Add($"Performing web search with value: {(firstLine ? "True" : value)}");
            return await SearchAsync(messages, new SearchToolCall { Query = firstLine ? null : value }, fatal: false, log, cancellationToken).ConfigureAwait(false);
        }

        return SearchedTurn.Unchanged;
    }

    private async Task<SearchedTurn> SearchAsync(JsonArray messages, SearchToolCall call, bool fatal, RequestLog log, CancellationToken cancellationToken)
    {
        var unchanged = SearchedTurn.Unchanged;
        var instructions = call.Instructions ?? SearchPrompt.DefaultInstructions;
        if (messages[^1] is not JsonObject last || last["content"] is not JsonValue content || !content.TryGetValue<string>(out var text))
        {
            log.Add("Web search skipped: the last message's content is not text");
            return unchanged;
        }

        if (SearchPrompt.HasInstructions(text, instructions))
        {
            log.Add("Web search skipped: the message already holds search results");
            return unchanged;
        }

        if (call.Query is null && text.StartsWith("##", StringComparison.Ordinal))
        {
            log.Add("Web search skipped: the message starts with ## and no query was given");
            return unchanged;
        }

        var query = call.Query ?? text.Trim().Split('\n')[0];
        if (string.IsNullOrWhiteSpace(query))
        {
            log.Add("Web search skipped: there is nothing to search for");
            return unchanged;
        }

        WebSearchResults results;
        try
        {
            results = await search.SearchAsync(Arguments(query, call), log, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSearchException ex)
        {
            log.Add($"Couldn't do web search: {ErrorName}: {ex.Message}");
            return fatal ? unchanged with { Failure = new ErrorEvent(ErrorName, $"{ErrorName}: {ex.Message}") } : unchanged;
        }

        var trimmed = query.Trim();
        log.Add($"Web search: '{(trimmed.Length > 50 ? trimmed[..50] : trimmed)}...'");
        log.Add(string.Create(CultureInfo.InvariantCulture, $"with {results.Results.Count} Results {results.UsedWords} Words"));
        if (results.Results.Count == 0)
        {
            return unchanged;
        }

        var prompt = SearchPrompt.Prompt(SearchPrompt.Blocks(results.Results), instructions, text);
        var searched = new JsonArray();
        foreach (var message in messages.Take(messages.Count - 1))
        {
            searched.Add(message?.DeepClone());
        }

        var replaced = (JsonObject)last.DeepClone();
        replaced["content"] = prompt;
        searched.Add(replaced);
        return new SearchedTurn(searched, SearchPrompt.Sources(results.Results), null);
    }

    private WebSearchArguments Arguments(string query, SearchToolCall call)
    {
        var settings = options.Value;
        var arguments = search.Arguments(query);
        return arguments with
        {
            MaxResults = call.MaxResults is { } results ? Math.Clamp(results, 1, WebSearchLimits.MaxResults) : arguments.MaxResults,
            MaxWords = call.MaxWords is { } words ? Math.Clamp(words, 1, WebSearchLimits.MaxWords) : arguments.MaxWords,
            Engine = call.Backend,
            AddText = call.AddText ?? arguments.AddText,

            // The client may shorten the wait for a page, never stretch it past the whole search's limit.
            PageTimeout = call.TimeoutSeconds is { } seconds && seconds > 0
                ? TimeSpan.FromSeconds(Math.Min(seconds, settings.Timeout.TotalSeconds))
                : arguments.PageTimeout,
            Region = string.IsNullOrWhiteSpace(call.Region) ? arguments.Region : call.Region.Trim(),
        };
    }
}
