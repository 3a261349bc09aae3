using System.Net.Http.Headers;
using G4F.Backend.Events;

namespace G4F.Backend.Providers;

/// <summary>
/// The events of an OpenAI chat-completions stream (<see cref="OpenAICompatibleProvider.StreamAsync"/>): the request is
/// sent at the first move; then each upstream chunk becomes its events, handed out by this enumerator itself, so a chunk
/// already read (the common case) costs no async state machine or iterator layer; only a read that must wait is awaited.
/// </summary>
/// <remarks>
/// As the iterator this replaces: the upstream's resources (the request, the response and its body, the read buffer,
/// the timeouts) are released when the events end, fail or are disposed, in that order reversed; every await of the
/// upstream goes through <see cref="UpstreamTransport.GuardAsync{TState, T}"/>; failures propagate from the move.
/// </remarks>
internal sealed class OpenAIEventStream : IAsyncEnumerable<ResponseEvent>, IAsyncEnumerator<ResponseEvent>
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    private readonly Upstream _upstream;
    private readonly ChatRequest _request;
    private readonly string? _model;
    private readonly string? _apiKey;
    private readonly CancellationToken _streamToken;
    private int _enumerated;

    private CancellationToken _token;
    private CancellationTokenSource? _linked;

    private UpstreamTimeouts? _timeouts;
    private HttpRequestMessage? _httpRequest;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private SseDataReader<OpenAIChunk>? _chunks;
    private bool _opened;
    private bool _ended;
    private bool _upstreamModelSeen;
    private bool _answered;

    // The events of the last chunk not yet handed out (a chunk may carry several: model, reasoning, text, ...).
    private readonly List<ResponseEvent> _queue = new(2);
    private int _queued;
    private ResponseEvent? _current;

    public OpenAIEventStream(Upstream upstream, ChatRequest request, string? model, string? apiKey, CancellationToken cancellationToken)
    {
        _upstream = upstream;
        _request = request;
        _model = model;
        _apiKey = apiKey;
        _streamToken = cancellationToken;
    }

    public ResponseEvent Current => _current!;

    public IAsyncEnumerator<ResponseEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        // Each enumeration is a call of its own, as with an iterator; the first is this instance.
        var stream = Interlocked.Exchange(ref _enumerated, 1) == 0 ? this : new OpenAIEventStream(_upstream, _request, _model, _apiKey, _streamToken) { _enumerated = 1 };
        stream._token = EventEnumerators.Join(_streamToken, cancellationToken, out stream._linked);
        return stream;
    }

    public ValueTask<bool> MoveNextAsync()
    {
        if (_queued < _queue.Count)
        {
            _current = _queue[_queued++];
            return new(true);
        }

        if (_ended)
        {
            return new(false);
        }

        if (!_opened)
        {
            return OpenThenMoveAsync();
        }

        try
        {
            while (true)
            {
                var read = _upstream.Transport.GuardAsync(static (e, token) => e.MoveNextAsync(token), _chunks!, _timeouts!, _token);
                if (!read.IsCompletedSuccessfully)
                {
                    return AwaitReadAsync(read);
                }

                if (!read.Result || !Take(_chunks!.Current))
                {
                    return EndAsync(null);
                }

                if (_queue.Count > 0)
                {
                    _current = _queue[_queued++];
                    return new(true);
                }
            }
        }
        catch (Exception ex)
        {
            return EndAsync(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _ended = true;
            await ReleaseAsync().ConfigureAwait(false);
        }
        finally
        {
            _linked?.Dispose();
            _linked = null;
        }
    }

    /// <summary>
    /// The chunk's events, queued: false when the stream ends with it (<c>[DONE]</c>); throws the mapped error for an
    /// error chunk.
    /// </summary>
    private bool Take(OpenAIChunk chunk)
    {
        _queue.Clear();
        _queued = 0;
        if (chunk.IsDone)
        {
            return false;
        }

        if (chunk.Error is { } error)
        {
            throw _upstream.Transport.Fail(UpstreamErrors.FromStreamError(_upstream.Descriptor.Name, error, _apiKey));
        }

        if (!_upstreamModelSeen && !string.IsNullOrEmpty(chunk.Model))
        {
            _upstreamModelSeen = true;
            if (!string.Equals(chunk.Model, _model, StringComparison.Ordinal))
            {
                _queue.Add(new ProviderEvent(ProviderInfos.For(_upstream.Descriptor, chunk.Model)));
            }
        }

        if (!string.IsNullOrEmpty(chunk.Reasoning))
        {
            _answered = true;
            _queue.Add(new ReasoningEvent { Token = chunk.Reasoning });
        }

        if (chunk.Content is { Length: > 0 } content)
        {
            _answered = true;
            _queue.Add(new ContentEvent(content));
        }

        if (chunk.ToolCalls is { Count: > 0 } toolCalls)
        {
            _answered = true;
            _queue.Add(new ToolCallsEvent(toolCalls));
        }

        if (chunk.FinishReason is { } finishReason)
        {
            // An upstream that gives up before answering says so with the finish reason alone (OpenRouter's "error",
            // without an error object): a failure, so the router may try the next candidate. After some answer the
            // reason passes on as the upstream gave it, since the answer so far has been shown.
            if (!_answered && string.Equals(finishReason, "error", StringComparison.OrdinalIgnoreCase))
            {
                throw _upstream.Transport.Fail(UpstreamErrors.FromStreamError(_upstream.Descriptor.Name, null, _apiKey));
            }

            _queue.Add(new FinishEvent(new FinishReason(finishReason)));
        }

        if (chunk.Usage is { } usage)
        {
            _queue.Add(new UsageEvent(usage));
        }

        return true;
    }

    /// <summary>Sends the request and opens the body (as the iterator did before its loop), then moves.</summary>
    private async ValueTask<bool> OpenThenMoveAsync()
    {
        _opened = true;
        try
        {
            var upstream = _upstream;
            _timeouts = new UpstreamTimeouts(upstream.Options.Timeouts, upstream.TimeProvider, _token);
            _httpRequest = new HttpRequestMessage(HttpMethod.Post, upstream.ChatUrl) { Content = OpenAIRequestWriter.Create(_request, _model) };
            _httpRequest.Headers.Accept.Add(EventStream);
            upstream.Transport.Authorize(_httpRequest, _apiKey);
            _response = await upstream.Transport.SendAsync(_httpRequest, _apiKey, _timeouts, _token).ConfigureAwait(false);
            _body = await upstream.Transport.OpenStreamAsync(_response, _timeouts, _token).ConfigureAwait(false);
            _chunks = new SseDataReader<OpenAIChunk>(_body, OpenAIChunkParser.ForStream());
        }
        catch (Exception ex)
        {
            return await EndAsync(ex).ConfigureAwait(false);
        }

        return await MoveNextAsync().ConfigureAwait(false);
    }

    // Loops here until a chunk gives an event: calling back into MoveNextAsync would chain one pending frame per chunk
    // that gives none (role-only or empty deltas), held until an event finally comes out.
    private async ValueTask<bool> AwaitReadAsync(ValueTask<bool> read)
    {
        try
        {
            while (true)
            {
                if (!await read.ConfigureAwait(false) || !Take(_chunks!.Current))
                {
                    return await EndAsync(null).ConfigureAwait(false);
                }

                if (_queue.Count > 0)
                {
                    _current = _queue[_queued++];
                    return true;
                }

                read = _upstream.Transport.GuardAsync(static (e, token) => e.MoveNextAsync(token), _chunks!, _timeouts!, _token);
            }
        }
        catch (Exception ex)
        {
            return await EndAsync(ex).ConfigureAwait(false);
        }
    }

    /// <summary>The events end, failed with <paramref name="error"/> or not: the upstream is released first, as an iterator's <c>using</c>s would.</summary>
    private async ValueTask<bool> EndAsync(Exception? error)
    {
        _ended = true;
        _queue.Clear();
        _queued = 0;
        await ReleaseAsync().ConfigureAwait(false);
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        return false;
    }

    private async ValueTask ReleaseAsync()
    {
        try
        {
            _chunks?.Dispose();
            _chunks = null;
            if (_body is { } body)
            {
                _body = null;
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _response?.Dispose();
            _response = null;
            _httpRequest?.Dispose();
            _httpRequest = null;
            _timeouts?.Dispose();
            _timeouts = null;
        }
    }

    /// <summary>What the provider's streams share.</summary>
    internal sealed record Upstream(ProviderDescriptor Descriptor, ProviderOptions Options, TimeProvider TimeProvider, UpstreamTransport Transport, Uri ChatUrl);
}
