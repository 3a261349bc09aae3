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
    private readonly ProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly UpstreamTransport _transport;
    private readonly OpenAIImageGenerator _images;
    private readonly Uri _chatUrl;
    private readonly Uri _modelsUrl;
    private readonly OpenAIEventStream.Upstream _upstream;

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
        _upstream = new OpenAIEventStream.Upstream(Descriptor, options, timeProvider, _transport, _chatUrl);
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

    /// <summary>
    /// The turn's events: the image models' media, else the streamed chunks' events (<see cref="OpenAIEventStream"/>,
    /// which sends the request at its first move).
    /// </summary>
    public IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The router already chose the key for this provider; only a request without one falls back to ours.
        var apiKey = request.ApiKey ?? _options.ApiKey;
        var model = string.IsNullOrEmpty(request.Model) ? Descriptor.DefaultModel : request.Model;
        return _images.Serves(model)
            ? ImagesAsync(request, model!, apiKey, cancellationToken)
            : new OpenAIEventStream(_upstream, request, model, apiKey, cancellationToken);
    }

    private async IAsyncEnumerable<ResponseEvent> ImagesAsync(ChatRequest request, string model, string? apiKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prompt = MediaPrompt.Of(request)
            ?? throw _transport.Fail(new ProviderException("ResponseError", $"{Descriptor.Name} needs a prompt for {model}: the last user message has no text"));
        var images = await _images.GenerateAsync(model, prompt, request.AspectRatio, request.ImageSize, apiKey, cancellationToken).ConfigureAwait(false);
        yield return MediaEvents.Images(images, prompt);
        yield return new FinishEvent(new FinishReason("stop"));
    }
}
