using System.ClientModel;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>How a chat client's failures, time limits and the caller's cancellation surface (PROTOCOL 3.7).</summary>
public sealed class ChatClientProviderFailureTests
{
    private static readonly ChatRequest Request = new()
    {
        Messages = [new JsonObject { ["role"] = "user", ["content"] = "hi" }],
        Model = "model-a",
    };

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger<ChatClientProvider> _logger = new();

    [Fact]
    public async Task Caller_cancellation_propagates_as_cancellation_and_reaches_the_client()
    {
        using var cts = new CancellationTokenSource();
        var client = new ScriptedChatClient(ct => Hang(ct, new ChatResponseUpdate(ChatRole.Assistant, "partial")));
        await using var events = CreateProvider(client).StreamAsync(Request, cts.Token).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();

        var next = events.MoveNextAsync().AsTask();
        await cts.CancelAsync();

        await next.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        client.CancellationToken.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task Caller_cancellation_wins_over_what_the_client_throws()
    {
        using var cts = new CancellationTokenSource();
        async IAsyncEnumerable<ChatResponseUpdate> Script([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await cts.CancelAsync();
            await Task.Yield();
            throw new IOException("connection reset");
#pragma warning disable CS0162 // The script ends by throwing.
            yield break;
#pragma warning restore CS0162
        }

        var act = () => StreamAsync(new ScriptedChatClient(ct => Script(ct)), cts.Token);

        (await act.Should().ThrowAsync<OperationCanceledException>()).Which.InnerException.Should().BeOfType<IOException>();
    }

    [Fact]
    public async Task An_upstream_silent_past_the_first_byte_limit_is_a_timeout_error()
    {
        var client = new ScriptedChatClient(ct => Hang(ct));
        await using var events = CreateProvider(client).StreamAsync(Request, CancellationToken.None).GetAsyncEnumerator();

        var next = events.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(61));

        var error = (await next.Invoking(t => t).Should().ThrowAsync<ProviderException>()).Which;
        (error.ErrorName, error.Message).Should().Be(("TimeoutError", "Scripted did not answer within 60 s"));
    }

    [Fact]
    public async Task An_upstream_silent_past_the_idle_limit_is_a_timeout_error()
    {
        var options = new ProviderOptions { Timeouts = { Idle = TimeSpan.FromSeconds(5) } };
        var client = new ScriptedChatClient(ct => Hang(ct, new ChatResponseUpdate(ChatRole.Assistant, "partial")));
        await using var events = CreateProvider(client, options).StreamAsync(Request, CancellationToken.None).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();

        var next = events.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(4));
        next.IsCompleted.Should().BeFalse();
        _time.Advance(TimeSpan.FromSeconds(2));

        var error = (await next.Invoking(t => t).Should().ThrowAsync<ProviderException>()).Which;
        (error.ErrorName, error.Message).Should().Be(("TimeoutError", "Scripted sent nothing for 5 s"));
    }

    [Fact]
    public async Task Time_the_reader_spends_on_an_update_is_not_charged_to_the_upstream()
    {
        var options = new ProviderOptions { Timeouts = { Idle = TimeSpan.FromSeconds(5) } };
        async IAsyncEnumerable<ChatResponseUpdate> Script([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            await Task.Delay(TimeSpan.FromSeconds(4), _time, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
            cancellationToken.ThrowIfCancellationRequested(); // as a real read of the next chunk would
            yield return new ChatResponseUpdate(ChatRole.Assistant, "c");
        }

        await using var events = CreateProvider(new ScriptedChatClient(ct => Script(ct)), options)
            .StreamAsync(Request, CancellationToken.None).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();
        var second = events.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(4));
        (await second).Should().BeTrue();

        _time.Advance(TimeSpan.FromSeconds(4)); // a slow reader: 8 s after the wait began, 4 s after the update came

        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("c"));
    }

    [Fact]
    public async Task A_reader_slower_than_the_idle_limit_is_not_a_timeout()
    {
        var options = new ProviderOptions { Timeouts = { Idle = TimeSpan.FromSeconds(5) } };
        async IAsyncEnumerable<ChatResponseUpdate> Script([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "a");
            cancellationToken.ThrowIfCancellationRequested(); // as a real read of the next chunk would
            yield return new ChatResponseUpdate(ChatRole.Assistant, "b");
        }

        await using var events = CreateProvider(new ScriptedChatClient(ct => Script(ct)), options)
            .StreamAsync(Request, CancellationToken.None).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();

        _time.Advance(TimeSpan.FromSeconds(6)); // the reader alone takes longer than the idle limit

        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("b"));
    }

    [Theory]
    [InlineData(401, "MissingAuthError", true)]
    [InlineData(429, "RateLimitError", false)]
    [InlineData(402, "RateLimitError", false)]
    [InlineData(502, "ResponseStatusError", false)]
    public async Task Http_failures_map_like_upstream_http_errors(int status, string name, bool isAuth)
    {
        var failure = new HttpRequestException("Too bad", null, (HttpStatusCode)status);

        var error = await FailAsync(failure);

        (error.ErrorName, error.IsAuthError, error.StatusCode, error.Message).Should().Be((name, isAuth, status, $"Response {status}: Too bad"));
        error.InnerException.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task Sdk_exceptions_with_a_status_map_like_http_errors()
    {
        var error = await FailAsync(new ClientResultException("HTTP 401 (invalid_api_key)", 401));

        (error.ErrorName, error.IsAuthError, error.Message).Should().Be(("MissingAuthError", true, "Response 401: HTTP 401 (invalid_api_key)"));
    }

    [Fact]
    public async Task Other_failures_are_response_errors_that_name_only_the_exception_type()
    {
        // Arbitrary exception text may carry anything (paths, request data, keys): it goes to the log only.
        var error = await FailAsync(new InvalidOperationException("boom with Bearer sk-secret-123"));

        (error.ErrorName, error.Message, error.StatusCode).Should().Be(("ResponseError", "Scripted failed (InvalidOperationException)", (int?)null));
        var entry = _logger.Collector.GetSnapshot().Should().ContainSingle().Subject;
        entry.Message.Should().Contain("InvalidOperationException").And.Contain("boom with Bearer ***").And.NotContain("sk-secret-123");
    }

    [Fact]
    public async Task A_client_timeout_of_its_own_is_a_timeout_error()
    {
        var error = await FailAsync(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout"));

        (error.ErrorName, error.Message).Should().Be(("TimeoutError", "Scripted timed out"));
    }

    [Fact]
    public async Task A_provider_exception_from_the_client_is_passed_on_unchanged()
    {
        var failure = new ProviderException("RateLimitError", "slow down");

        var error = await FailAsync(failure);

        error.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task Events_before_a_failure_are_delivered()
    {
        var delivered = new List<ResponseEvent>();
        var client = new ScriptedChatClient(ct => Fail(new InvalidOperationException("later"), new ChatResponseUpdate(ChatRole.Assistant, "early")));

        var act = async () =>
        {
            await foreach (var e in CreateProvider(client).StreamAsync(Request, CancellationToken.None))
            {
                delivered.Add(e);
            }
        };

        await act.Should().ThrowAsync<ProviderException>();
        delivered.Should().Equal(new ContentEvent("early"));
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Hang([EnumeratorCancellation] CancellationToken cancellationToken, params ChatResponseUpdate[] first)
    {
        foreach (var update in first)
        {
            yield return update;
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Fail(Exception exception, params ChatResponseUpdate[] first)
    {
        foreach (var update in first)
        {
            await Task.Yield();
            yield return update;
        }

        throw exception;
    }

    private async Task<ProviderException> FailAsync(Exception exception)
    {
        var act = () => StreamAsync(new ScriptedChatClient(_ => Fail(exception)));
        return (await act.Should().ThrowAsync<ProviderException>()).Which;
    }

    private ChatClientProvider CreateProvider(ScriptedChatClient client, ProviderOptions? options = null) =>
        new("Scripted", options ?? new ProviderOptions(), client, _time, _logger);

    private async Task<List<ResponseEvent>> StreamAsync(ScriptedChatClient client, CancellationToken cancellationToken = default)
    {
        var events = new List<ResponseEvent>();
        await foreach (var e in CreateProvider(client).StreamAsync(Request, cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
