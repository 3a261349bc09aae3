using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.Extensions.Logging;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

public sealed class OpenAICompatibleProviderFailureTests : IAsyncLifetime
{
    private const string Key = "sk-secret-0123456789";

    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(401, "MissingAuthError", true)]
    [InlineData(429, "RateLimitError", false)]
    [InlineData(500, "ResponseStatusError", false)]
    public async Task Upstream_status_maps_to_the_protocol_error(int status, string errorName, bool isAuthError)
    {
        Upstream.Reply = FakeReply.Status(status, """{"error":{"message":"upstream says no"}}""");

        var (events, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(apiKey: Key), default));

        events.Should().BeEmpty();
        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ErrorName.Should().Be(errorName);
        failure.IsAuthError.Should().Be(isAuthError);
        failure.StatusCode.Should().Be(status);
        failure.Message.Should().Be($"Response {status}: upstream says no");
    }

    [Fact]
    public async Task A_key_echoed_by_the_upstream_never_reaches_the_message_or_the_log()
    {
        Upstream.Reply = FakeReply.Status(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + Key + ". Header was Bearer " + Key + "\"}}");

        var (_, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(apiKey: Key), default));

        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ProtocolMessage.Should().NotContain(Key).And.Contain("Incorrect API key provided: ***");
        var logs = _harness.OpenAILogger.Collector.GetSnapshot();
        var warning = logs.Should().ContainSingle(r => r.Level == LogLevel.Warning).Subject;
        warning.Message.Should().Be("Provider Fake failed with MissingAuthError (HTTP status 401)");
        logs.Should().OnlyContain(r => !r.Message.Contains(Key, StringComparison.Ordinal) && !r.Message.Contains("Incorrect", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_chunk_in_the_stream_is_a_response_error_after_the_content_so_far()
    {
        Upstream.Reply = FakeReply.Chunks(
            """{"choices":[{"index":0,"delta":{"content":"partial"}}]}""",
            "{\"error\":{\"message\":\"overloaded, key " + Key + "\",\"code\":503}}",
            """{"choices":[{"index":0,"delta":{"content":"never"}}]}""");

        var (events, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(apiKey: Key), default));

        events.Should().Equal(new ContentEvent("partial"));
        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ErrorName.Should().Be("ResponseError");
        failure.Message.Should().Be("overloaded, key ***");
    }

    [Fact]
    public async Task A_finish_reason_error_before_any_answer_is_a_response_error_the_router_can_fail_over_from()
    {
        Upstream.Reply = FakeReply.Chunks(
            """{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"error"}]}""",
            "[DONE]");

        var (events, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().BeEmpty();
        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ErrorName.Should().Be("ResponseError");
        failure.ProtocolMessage.Should().Be("ResponseError: Fake reported an error in the stream");
    }

    [Fact]
    public async Task A_finish_reason_error_after_content_passes_on_as_the_upstream_gave_it()
    {
        Upstream.Reply = FakeReply.Chunks(
            """{"choices":[{"index":0,"delta":{"content":"partial"}}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"error"}]}""",
            "[DONE]");

        var (events, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(), default));

        error.Should().BeNull();
        events.Should().Equal(new ContentEvent("partial"), new FinishEvent(new FinishReason("error")));
    }

    [Fact]
    public async Task A_chunk_that_is_not_json_is_a_response_error()
    {
        Upstream.Reply = FakeReply.Chunks("this is not json");

        var (_, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(), default));

        error.Should().BeOfType<ProviderException>().Which.ErrorName.Should().Be("ResponseError");
    }

    [Fact]
    public async Task A_connection_broken_mid_stream_is_a_connection_error()
    {
        // The abort waits until the client has the chunk: a reset may otherwise drop unsent data.
        var received = new TaskCompletionSource();
        Upstream.Reply = FakeReply.Text("partial").WaitAfterChunk(0, received.Task).ThenAbort();

        await using var events = _harness.OpenAI().StreamAsync(Request(), default).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("partial"));
        received.SetResult();
        var next = async () => await events.MoveNextAsync();

        var failure = (await next.Should().ThrowAsync<ProviderException>()).Subject.Single();
        failure.ErrorName.Should().Be("ConnectionError");
        failure.Message.Should().StartWith("Fake broke off the response");
    }

    [Fact]
    public async Task No_first_byte_within_the_limit_is_a_timeout_error_long_before_the_upstream_answers()
    {
        var upstreamDelay = TimeSpan.FromSeconds(30);
        Upstream.Reply = FakeReply.Text("late").WithDelayBeforeHeaders(upstreamDelay);
        var provider = _harness.OpenAI(o => o.Timeouts.FirstByte = TimeSpan.FromMilliseconds(300));

        var stopwatch = Stopwatch.StartNew();
        var (events, error) = await CollectUntilErrorAsync(provider.StreamAsync(Request(), default));
        stopwatch.Stop();

        events.Should().BeEmpty();
        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ErrorName.Should().Be("TimeoutError");
        failure.Message.Should().Be("Fake did not answer within 0.3 s");
        stopwatch.Elapsed.Should().BeLessThan(upstreamDelay / 2);
        await Upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Silence_after_a_chunk_is_an_idle_timeout_error()
    {
        Upstream.Reply = FakeReply.Text("first").ThenHang();
        var provider = _harness.OpenAI(o => o.Timeouts.Idle = TimeSpan.FromMilliseconds(300));

        var (events, error) = await CollectUntilErrorAsync(provider.StreamAsync(Request(), default));

        events.Should().Equal(new ContentEvent("first"));
        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ErrorName.Should().Be("TimeoutError");
        failure.Message.Should().Be("Fake sent nothing for 0.3 s");
        await Upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_closed_port_is_a_connection_error_without_the_key()
    {
        var closedPort = ClosedLoopbackPort();
        var provider = _harness.OpenAI(o => o.ApiKey = Key, baseUrl: $"http://127.0.0.1:{closedPort}/v1");

        var (_, error) = await CollectUntilErrorAsync(provider.StreamAsync(Request(), default));

        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ErrorName.Should().Be("ConnectionError");
        failure.Message.Should().Be("Fake is unreachable: connection refused");
        _harness.OpenAILogger.Collector.GetSnapshot().Should().OnlyContain(r => !r.Message.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Caller_cancellation_mid_stream_cancels_the_upstream_request()
    {
        var gate = new TaskCompletionSource();
        Upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);
        using var cancellation = new CancellationTokenSource();

        var events = _harness.OpenAI().StreamAsync(Request(), cancellation.Token).GetAsyncEnumerator();
        try
        {
            (await events.MoveNextAsync()).Should().BeTrue();
            events.Current.Should().Be(new ContentEvent("first"));

            await cancellation.CancelAsync();
            var next = async () => await events.MoveNextAsync();

            await next.Should().ThrowAsync<OperationCanceledException>();
        }
        finally
        {
            await events.DisposeAsync();
        }

        await Upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
        Upstream.ChunksWritten.Should().Be(1);
        gate.Task.IsCompleted.Should().BeFalse("the upstream was released by the cancellation, not by the gate");
    }

    [Fact]
    public async Task Caller_cancellation_while_waiting_for_headers_is_not_a_timeout()
    {
        Upstream.Reply = FakeReply.Text("late").WithDelayBeforeHeaders(Timeout.InfiniteTimeSpan);
        using var cancellation = new CancellationTokenSource();
        var stream = CollectAsync(_harness.OpenAI().StreamAsync(Request(), cancellation.Token));

        await Upstream.WaitForRequestsAsync(1, TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();

        await stream.Awaiting(s => s).Should().ThrowAsync<OperationCanceledException>();
        await Upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
