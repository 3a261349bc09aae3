using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using G4F.Backend.Media;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Providers;

/// <summary>
/// An OpenAI chat-completions upstream: <c>POST {BaseUrl}/chat/completions</c> streamed as SSE, models
/// from <c>GET {BaseUrl}/models</c> (unless configured). Each upstream chunk becomes its events as soon as it arrives.
/// The provider's image models answer through <see cref="OpenAIImageGenerator"/> instead: one media event and <c>finish</c>.
/// </summary>
internal sealed class OpenAICompatibleProvider : IChatProvider, IReachabilityProbe
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    private readonly ProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly UpstreamTransport _transport;
    private readonly OpenAIImageGenerator _images;
    private readonly Uri _chatUrl;
    private readonly Uri _modelsUrl;

    public OpenAICompatibleProvider(string name, ProviderOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<OpenAICompatibleProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Descriptor = ProviderDescriptorFactory.Create(name, options);
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            throw new ArgumentException($"G4F:Providers:{name}:BaseUrl is required for an OpenAICompatible provider.", nameof(options));
        }

        var baseUrl = options.BaseUrl.TrimEnd('/');
        _chatUrl = new Uri(baseUrl + "/chat/completions");
        _modelsUrl = new Uri(baseUrl + "/models");
        _options = options;
        _timeProvider = timeProvider;
        _transport = new UpstreamTransport(name, httpClientFactory, logger);
        _images = new OpenAIImageGenerator(name, options, _transport, timeProvider);
    }

    public ProviderDescriptor Descriptor { get; }

    public async Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken)
    {
        if (Descriptor.Models is { } models)
        {
            return models;
        }

        return await _transport.GetModelsAsync(_modelsUrl, apiKey ?? _options.ApiKey, _options.Timeouts, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reachability for the health check: <c>GET {BaseUrl}/models</c> with the configured key, even when the models are configured.</summary>
    public Task<int> ProbeAsync(CancellationToken cancellationToken) => _transport.ProbeAsync(_modelsUrl, _options.ApiKey, cancellationToken);

    public async IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The router already chose the key for this provider; only a request without one falls back to ours.
        var apiKey = request.ApiKey ?? _options.ApiKey;
        var model = string.IsNullOrEmpty(request.Model) ? Descriptor.DefaultModel : request.Model;
        if (_images.Serves(model))
        {
            var prompt = MediaPrompt.Of(request)
                ?? throw _transport.Fail(new ProviderException("ResponseError", $"{Descriptor.Name} needs a prompt for {model}: the last user message has no text"));
            var images = await _images.GenerateAsync(model!, prompt, request.AspectRatio, request.ImageSize, apiKey, cancellationToken).ConfigureAwait(false);
            yield return MediaEvents.Images(images, prompt);
            yield return new FinishEvent(new FinishReason("stop"));
            yield break;
        }

        using var timeouts = new UpstreamTimeouts(_options.Timeouts, _timeProvider, cancellationToken);
        using var httpRequest = new HttpRequestMessage(HttpMethod.Post, _chatUrl) { Content = OpenAIRequestWriter.Create(request, model) };
        httpRequest.Headers.Accept.Add(EventStream);
        _transport.Authorize(httpRequest, apiKey);

        using var response = await _transport.SendAsync(httpRequest, apiKey, timeouts, cancellationToken).ConfigureAwait(false);
        var stream = await _transport.OpenStreamAsync(response, timeouts, cancellationToken).ConfigureAwait(false);
        await using var streamScope = stream.ConfigureAwait(false);
        using var chunks = new SseDataReader<OpenAIChunk>(stream, OpenAIChunkParser.ForStream());

        var upstreamModelSeen = false;
        var answered = false;
        while (await _transport.GuardAsync(static (e, token) => e.MoveNextAsync(token), chunks, timeouts, cancellationToken).ConfigureAwait(false))
        {
            var chunk = chunks.Current;
            if (chunk.IsDone)
            {
                yield break;
            }

            if (chunk.Error is { } error)
            {
                throw _transport.Fail(UpstreamErrors.FromStreamError(Descriptor.Name, error, apiKey));
            }

            if (!upstreamModelSeen && !string.IsNullOrEmpty(chunk.Model))
            {
                upstreamModelSeen = true;
                if (!string.Equals(chunk.Model, model, StringComparison.Ordinal))
                {
                    yield return new ProviderEvent(ProviderInfos.For(Descriptor, chunk.Model));
                }
            }

            if (!string.IsNullOrEmpty(chunk.Reasoning))
            {
                answered = true;
                yield return new ReasoningEvent { Token = chunk.Reasoning };
            }

            if (chunk.Content is { Length: > 0 } content)
            {
                answered = true;
                yield return new ContentEvent(content);
            }

            if (chunk.ToolCalls is { Count: > 0 } toolCalls)
            {
                answered = true;
                yield return new ToolCallsEvent(toolCalls);
            }

            if (chunk.FinishReason is { } finishReason)
            {
                // An upstream that gives up before answering says so with the finish reason alone (OpenRouter's "error",
                // without an error object): a failure, so the router may try the next candidate. After some answer the
                // reason passes on as the upstream gave it, since the answer so far has been shown.
                if (!answered && string.Equals(finishReason, "error", StringComparison.OrdinalIgnoreCase))
                {
                    throw _transport.Fail(UpstreamErrors.FromStreamError(Descriptor.Name, null, apiKey));
                }

                yield return new FinishEvent(new FinishReason(finishReason));
            }

            if (chunk.Usage is { } usage)
            {
                yield return new UsageEvent(usage);
            }
        }
    }
}
