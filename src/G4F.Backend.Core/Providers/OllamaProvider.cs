using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using G4F.Backend.Events;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Providers;

/// <summary>
/// An Ollama server: <c>POST {BaseUrl}/api/chat</c> streamed as NDJSON, models from <c>GET {BaseUrl}/api/tags</c>.
/// Plain <see cref="HttpClient"/> rather than OllamaSharp: two endpoints, and the backend's own timeouts,
/// error mapping and named clients apply unchanged.
/// </summary>
internal sealed class OllamaProvider : IChatProvider, IReachabilityProbe
{
    /// <summary>Where Ollama listens by default.</summary>
    public const string DefaultBaseUrl = "http://localhost:11434";

    private static readonly MediaTypeWithQualityHeaderValue Ndjson = new("application/x-ndjson");

    private readonly ProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly UpstreamTransport _transport;
    private readonly Uri _chatUrl;
    private readonly Uri _tagsUrl;

    public OllamaProvider(string name, ProviderOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<OllamaProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Descriptor = ProviderDescriptorFactory.Create(name, options) with { TakesInlineImagesOnly = true };
        var baseUrl = (string.IsNullOrWhiteSpace(options.BaseUrl) ? DefaultBaseUrl : options.BaseUrl).TrimEnd('/');
        _chatUrl = new Uri(baseUrl + "/api/chat");
        _tagsUrl = new Uri(baseUrl + "/api/tags");
        _options = options;
        _timeProvider = timeProvider;
        _transport = new UpstreamTransport(name, httpClientFactory, logger);
    }

    public ProviderDescriptor Descriptor { get; }

    public async Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken)
    {
        if (Descriptor.Models is { } models)
        {
            return models;
        }

        return await _transport.GetModelsAsync(_tagsUrl, apiKey ?? _options.ApiKey, _options.Timeouts, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reachability for the health check: <c>GET {BaseUrl}/api/tags</c> with the configured key, even when the models are configured.</summary>
    public Task<int> ProbeAsync(CancellationToken cancellationToken) => _transport.ProbeAsync(_tagsUrl, _options.ApiKey, cancellationToken);

    public async IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Plain Ollama has no keys, but one behind an authenticating proxy (or Ollama's cloud) takes a bearer key.
        var apiKey = request.ApiKey ?? _options.ApiKey;
        var model = string.IsNullOrEmpty(request.Model) ? Descriptor.DefaultModel : request.Model;
        using var timeouts = new UpstreamTimeouts(_options.Timeouts, _timeProvider, cancellationToken);
        using var httpRequest = new HttpRequestMessage(HttpMethod.Post, _chatUrl) { Content = OllamaRequestWriter.Create(request, model) };
        httpRequest.Headers.Accept.Add(Ndjson);
        _transport.Authorize(httpRequest, apiKey);

        using var response = await _transport.SendAsync(httpRequest, apiKey, timeouts, cancellationToken).ConfigureAwait(false);
        var stream = await _transport.OpenStreamAsync(response, timeouts, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);

        var upstreamModelSeen = false;
        var toolCallCount = 0;
        while (await _transport.GuardAsync(static (r, token) => r.ReadLineAsync(token), reader, timeouts, cancellationToken).ConfigureAwait(false) is { } text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = Parse(text, toolCallCount);
            if (line.Error is { } error)
            {
                throw _transport.Fail(UpstreamErrors.FromStreamError(Descriptor.Name, error, apiKey));
            }

            if (!upstreamModelSeen && !string.IsNullOrEmpty(line.Model))
            {
                upstreamModelSeen = true;
                if (!string.Equals(line.Model, model, StringComparison.Ordinal))
                {
                    yield return new ProviderEvent(ProviderInfos.For(Descriptor, line.Model));
                }
            }

            if (!string.IsNullOrEmpty(line.Thinking))
            {
                yield return new ReasoningEvent { Token = line.Thinking };
            }

            if (!string.IsNullOrEmpty(line.Content))
            {
                yield return new ContentEvent(line.Content);
            }

            if (line.ToolCalls is { Count: > 0 } toolCalls)
            {
                toolCallCount += toolCalls.Count;
                yield return new ToolCallsEvent(toolCalls);
            }

            if (line.Done)
            {
                yield return new FinishEvent(new FinishReason(string.IsNullOrEmpty(line.DoneReason) ? "stop" : line.DoneReason));
                if (line.PromptEvalCount is not null || line.EvalCount is not null)
                {
                    var prompt = line.PromptEvalCount ?? 0;
                    var completion = line.EvalCount ?? 0;
                    yield return new UsageEvent(new TokenUsage(prompt, completion, TokenCounts.Sum(prompt, completion)));
                }

                yield break;
            }
        }
    }

    private OllamaLine Parse(string text, int firstToolCallIndex)
    {
        try
        {
            return OllamaLineParser.Parse(text, firstToolCallIndex);
        }
        catch (JsonException ex)
        {
            throw _transport.Fail(new ProviderException("ResponseError", $"{Descriptor.Name} sent data that is not valid JSON", innerException: ex));
        }
    }
}
