using System.Net.Http.Headers;
using G4F.Backend.Providers;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Speech;

/// <summary>
/// OpenAI's speech endpoint: <c>POST {BaseUrl}/audio/speech</c> with <c>model</c>, <c>input</c>, <c>voice</c>
/// and <c>response_format</c>, authorised with the provider's configured key (a provider without one: the caller's
/// own key, when <see cref="SpeechService"/> was given one). The audio is handed on as it arrives, with the
/// upstream's content type.
/// </summary>
internal sealed class OpenAISpeechSynthesizer : ISpeechSynthesizer
{
    private readonly ProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly UpstreamTransport _transport;
    private readonly Uri _speechUrl;
    private readonly string _model;

    public OpenAISpeechSynthesizer(string name, ProviderOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.SpeechModel);
        ProviderName = name;
        _options = options;
        _timeProvider = timeProvider;
        _model = options.SpeechModel;
        _speechUrl = new Uri(options.BaseUrl.TrimEnd('/') + "/audio/speech");
        _transport = new UpstreamTransport(name, httpClientFactory, logger);
    }

    public string ProviderName { get; }

    public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken) => SynthesizeAsync(request, null, cancellationToken);

    /// <summary>
    /// The synthesis with <paramref name="clientKey"/> (already checked against <c>AllowClientApiKeys</c>) as the key
    /// when the provider has none configured; a configured key always wins.
    /// </summary>
    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, string? clientKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var apiKey = string.IsNullOrWhiteSpace(_options.ApiKey) ? clientKey : _options.ApiKey;
        var timeouts = new UpstreamTimeouts(_options.Timeouts, _timeProvider, cancellationToken);
        HttpResponseMessage? response = null;
        try
        {
            using var httpRequest = new HttpRequestMessage(HttpMethod.Post, _speechUrl)
            {
                Content = JsonRequestContent.Create((request, this), static (writer, state) => state.Item2.Write(writer, state.request)),
            };
            httpRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("audio/*"));
            _transport.Authorize(httpRequest, apiKey);
            response = await _transport.SendAsync(httpRequest, apiKey, timeouts, cancellationToken).ConfigureAwait(false);
            var body = await _transport.GuardAsync(static (r, token) => new ValueTask<Stream>(r.Content.ReadAsStreamAsync(token)), response, timeouts, cancellationToken).ConfigureAwait(false);
            var contentType = response.Content.Headers.ContentType?.ToString();
            return new SpeechAudio(new SpeechAudioStream(body, response, timeouts), contentType);
        }
        catch
        {
            response?.Dispose();
            timeouts.Dispose();
            throw;
        }
    }

    private void Write(System.Text.Json.Utf8JsonWriter writer, SpeechRequest request)
    {
        writer.WriteStartObject();
        writer.WriteString("model", string.IsNullOrWhiteSpace(request.Model) ? _model : request.Model);
        writer.WriteString("input", request.Text);
        writer.WriteString("voice", string.IsNullOrWhiteSpace(request.Voice) ? _options.SpeechVoice : request.Voice);
        if (!string.IsNullOrWhiteSpace(request.Format))
        {
            writer.WriteString("response_format", request.Format);
        }

        writer.WriteEndObject();
    }
}
