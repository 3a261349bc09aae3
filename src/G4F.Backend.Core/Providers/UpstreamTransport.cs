using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Providers;

/// <summary>
/// The HTTP side both dialects share: the provider's named client, status mapping (PROTOCOL 3.7) and
/// the translation of transport exceptions into protocol errors. Async iterators cannot catch around a
/// <c>yield</c>, so every await of a streaming provider goes through <see cref="GuardAsync{TState, T}"/>.
/// </summary>
internal sealed class UpstreamTransport(string providerName, IHttpClientFactory httpClientFactory, ILogger logger)
{
    /// <summary>Sets <c>Authorization: Bearer</c> when there is a key.</summary>
    /// <exception cref="ProviderException">A <c>MissingAuthError</c>: the key has characters a header cannot carry.</exception>
    public void Authorize(HttpRequestMessage request, string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return;
        }

        // HttpClient throws a FormatException for CR, LF and NUL, and fails other control or non-ASCII
        // characters only when sending, as if the upstream were unreachable. Real keys are printable ASCII.
        // The message must not quote the key: it reaches the client and the log.
        if (apiKey.AsSpan().ContainsAnyExceptInRange((char)0x20, (char)0x7E))
        {
            throw Fail(new ProviderException("MissingAuthError", $"The API key for {providerName} contains characters that cannot be sent in a header", isAuthError: true));
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>Sends <paramref name="request"/> and returns the response once its headers arrived, or throws the mapped error for a non-2xx status.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? apiKey, UpstreamTimeouts timeouts, CancellationToken caller)
    {
        var client = httpClientFactory.CreateClient(UpstreamHttpClients.ForProvider(providerName));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeouts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (TryTranslate(ex, timeouts, caller, connecting: true, out var error))
        {
            throw Fail(error);
        }

        if (response.IsSuccessStatusCode)
        {
            logger.UpstreamStreaming(providerName, (int)response.StatusCode);
            return response;
        }

        using (response)
        {
            ProviderException error;
            try
            {
                error = await UpstreamErrors.FromResponseAsync(response, apiKey, timeouts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (TryTranslate(ex, timeouts, caller, connecting: false, out var translated))
            {
                throw Fail(translated);
            }

            throw Fail(error);
        }
    }

    /// <summary>
    /// The body of a streamed response, as an <see cref="UpstreamBodyStream"/>: <paramref name="timeouts"/>
    /// run only while it waits for bytes, and no line may exceed <see cref="UpstreamBodyStream.MaxLineBytes"/>.
    /// </summary>
    public async Task<Stream> OpenStreamAsync(HttpResponseMessage response, UpstreamTimeouts timeouts, CancellationToken caller)
    {
        var body = await GuardAsync(static (r, token) => new ValueTask<Stream>(r.Content.ReadAsStreamAsync(token)), response, timeouts, caller).ConfigureAwait(false);
        return UpstreamBodyStream.ForLines(body, timeouts, providerName);
    }

    /// <summary>Awaits one step of reading the upstream, turning transport failures into protocol errors.</summary>
    /// <remarks>
    /// The operation takes its state explicitly so callers pass static lambdas and no closure is allocated per chunk. A step
    /// that completed at once (a chunk already buffered, the common case of a stream) is handed back as it is, without an
    /// async state machine per chunk; only a step still running is awaited under the translation.
    /// </remarks>
    public ValueTask<T> GuardAsync<TState, T>(Func<TState, CancellationToken, ValueTask<T>> operation, TState state, UpstreamTimeouts timeouts, CancellationToken caller)
    {
        ValueTask<T> step;
        try
        {
            step = operation(state, timeouts.Token);
        }
        catch (Exception ex) when (TryTranslate(ex, timeouts, caller, connecting: false, out var error))
        {
            throw Fail(error);
        }

        return step.IsCompletedSuccessfully ? step : AwaitGuardedAsync(step, timeouts, caller);
    }

    private async ValueTask<T> AwaitGuardedAsync<T>(ValueTask<T> step, UpstreamTimeouts timeouts, CancellationToken caller)
    {
        try
        {
            return await step.ConfigureAwait(false);
        }
        catch (Exception ex) when (TryTranslate(ex, timeouts, caller, connecting: false, out var error))
        {
            throw Fail(error);
        }
    }

    /// <summary>
    /// GETs a JSON document (model lists) of at most <see cref="UpstreamBodyStream.MaxDocumentBytes"/>, under the
    /// first-byte limit until the body starts and the idle limit while it arrives.
    /// </summary>
    public async Task<JsonDocument> GetJsonAsync(Uri url, string? apiKey, ProviderTimeouts limits, TimeProvider timeProvider, CancellationToken caller)
    {
        using var timeouts = new UpstreamTimeouts(limits, timeProvider, caller);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(request, apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendAsync(request, apiKey, timeouts, caller).ConfigureAwait(false);
        return await ReadJsonAsync(response, timeouts, caller).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the body of a successful <paramref name="response"/> as one JSON document of at most
    /// <paramref name="maxBytes"/>, under the idle limit while it arrives.
    /// </summary>
    public async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, UpstreamTimeouts timeouts, CancellationToken caller, int maxBytes = UpstreamBodyStream.MaxDocumentBytes)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(timeouts.Token).ConfigureAwait(false);
            var stream = UpstreamBodyStream.ForDocument(body, timeouts, providerName, maxBytes);
            await using var _ = stream.ConfigureAwait(false);
            return await JsonDocument.ParseAsync(stream, default, timeouts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (TryTranslate(ex, timeouts, caller, connecting: false, out var error))
        {
            throw Fail(error);
        }
    }

    /// <summary>
    /// GETs <paramref name="url"/> with the key, through the provider's client, and returns the answer's status once its
    /// headers arrived; the body is never read. Transport exceptions pass through untranslated: the caller tells a
    /// refused connection from its own time bound.
    /// </summary>
    public async Task<int> ProbeAsync(Uri url, string? apiKey, CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(UpstreamHttpClients.ForProvider(providerName));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Authorize(request, apiKey);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode;
    }

    /// <summary>GETs and parses a model list (see <see cref="ModelListParser"/>).</summary>
    public async Task<IReadOnlyList<string>> GetModelsAsync(Uri url, string? apiKey, ProviderTimeouts limits, TimeProvider timeProvider, CancellationToken caller)
    {
        using var document = await GetJsonAsync(url, apiKey, limits, timeProvider, caller).ConfigureAwait(false);
        return ModelListParser.Parse(document.RootElement)
            ?? throw Fail(new ProviderException("ResponseError", $"{providerName} sent a model list in an unknown shape"));
    }

    /// <summary>Logs a failure (name and status only) and returns it for throwing.</summary>
    public Exception Fail(Exception error)
    {
        if (error is ProviderException providerError)
        {
            logger.UpstreamFailed(providerName, providerError.ErrorName, providerError.StatusCode);
        }

        return error;
    }

    /// <summary>
    /// Maps a transport exception: the caller cancelling stays (or becomes) an <see cref="OperationCanceledException"/>,
    /// a limit firing is a <c>TimeoutError</c>, network failures are a <c>ConnectionError</c>, bad JSON a <c>ResponseError</c>,
    /// a protocol error (a limit of <see cref="UpstreamBodyStream"/>) stays as it is, and anything else is a
    /// <c>ResponseError</c> that names only the exception's type. False only for the caller's own cancellation.
    /// </summary>
    private bool TryTranslate(Exception exception, UpstreamTimeouts timeouts, CancellationToken caller, bool connecting, [NotNullWhen(true)] out Exception? translated)
    {
        translated = null;
        if (exception is ProviderException)
        {
            // Passed through the catch so that Fail logs it like any other failure.
            translated = exception;
            return true;
        }

        if (caller.IsCancellationRequested)
        {
            // A cancelled read may surface as an I/O error; the caller asked for cancellation and gets exactly that.
            translated = exception is OperationCanceledException ? null : new OperationCanceledException("The upstream call was cancelled.", exception, caller);
            return translated is not null;
        }

        if (timeouts.IsTimeout(exception))
        {
            translated = timeouts.ToTimeoutError(providerName, exception);
            return true;
        }

        translated = exception switch
        {
            JsonException => new ProviderException("ResponseError", $"{providerName} sent data that is not valid JSON", innerException: exception),
            HttpRequestException when connecting => new ProviderException("ConnectionError", $"{providerName} is unreachable: {UpstreamFailureReason.Describe(exception)}", innerException: exception),
            HttpRequestException or IOException => new ProviderException("ConnectionError", $"{providerName} broke off the response: {UpstreamFailureReason.Describe(exception)}", innerException: exception),

            // Neither the caller nor our limits: an HttpClient.Timeout set by a host that replaced the client.
            OperationCanceledException => new ProviderException("TimeoutError", $"{providerName} timed out", innerException: exception),
            _ => Unexpected(exception),
        };
        return true;
    }

    /// <summary>An exception nobody expected: its text (which may quote request data) goes to the log, the client learns the type.</summary>
    private ProviderException Unexpected(Exception exception)
    {
        var type = exception.GetType().Name;
        logger.UnexpectedFailure(providerName, type, SecretRedactor.Redact(exception.Message, secret: null));
        return new ProviderException("ResponseError", $"{providerName} failed ({type})", innerException: exception);
    }
}
