using System.Net.Http.Headers;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>
/// A client that goes away while automatic routing falls back from one provider to the next, on the g4f route and on
/// OpenAI's streamed completions, over real sockets: the attempt running at that moment is cancelled upstream, and no
/// further provider is called for a client that left.
/// </summary>
public sealed class FallbackDisconnectTests : IAsyncLifetime
{
    private const string Conversation = HttpClientExtensions.ConversationPath;
    private const string Completions = "/v1/chat/completions";

    // Generous: only a failing test waits this long.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private FakeUpstream _first = null!;
    private FakeUpstream _second = null!;

    public async Task InitializeAsync()
    {
        _first = await FakeUpstream.StartAsync();
        _second = await FakeUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Theory]
    [InlineData(Conversation)]
    [InlineData(Completions)]
    public async Task Leaving_while_the_second_provider_streams_after_the_first_failed_cancels_the_second(string route)
    {
        _first.Reply = FakeReply.Status(500, """{"error":{"message":"boom"}}""");
        _second.Reply = FakeReply.Text("From second").ThenHang();
        await using var factory = TwoProviders(_first.OpenAIBaseUrl);
        var client = factory.CreateLoopbackClient();
        using var leave = new CancellationTokenSource();

        var response = await Send(client, route, leave.Token).WaitAsync(Bound);
        await ReadUntilAsync(response, "From second", leave.Token);
        FirstFailed(factory);
        _second.CancelledRequests.Should().Be(0, "the second provider still holds its answer open");

        await leave.CancelAsync();
        response.Dispose();

        await _second.WaitForCancelledRequestAsync(Bound);
    }

    [Theory]
    [InlineData(Conversation)]
    [InlineData(Completions)]
    public async Task Leaving_while_the_second_provider_stalls_after_the_first_was_refused_cancels_the_second(string route)
    {
        _second.Reply = FakeReply.Text("Never sent").WithDelayBeforeHeaders(Timeout.InfiniteTimeSpan);
        await using var factory = TwoProviders($"http://127.0.0.1:{FakeUpstream.GetUnusedLoopbackPort()}/v1");
        var client = factory.CreateLoopbackClient();
        using var leave = new CancellationTokenSource();

        var sending = Send(client, route, leave.Token);
        await _second.WaitForRequestAsync("/chat/completions", Bound);
        FirstFailed(factory);
        _second.CancelledRequests.Should().Be(0);

        await leave.CancelAsync();
        await LeaveAsync(sending);

        await _second.WaitForCancelledRequestAsync(Bound);
    }

    [Theory]
    [InlineData(Conversation)]
    [InlineData(Completions)]
    public async Task Leaving_while_the_first_provider_stalls_cancels_it_and_never_calls_the_second(string route)
    {
        _first.Reply = FakeReply.Text("Never sent").WithDelayBeforeHeaders(Timeout.InfiniteTimeSpan);
        _second.Reply = FakeReply.Text("From second");
        var ends = new RequestEndRecorder();
        await using var factory = TwoProviders(_first.OpenAIBaseUrl, services => services.AddSingleton<IStartupFilter>(ends));
        var client = factory.CreateLoopbackClient();
        using var leave = new CancellationTokenSource();

        var sending = Send(client, route, leave.Token);
        await _first.WaitForRequestAsync("/chat/completions", Bound);

        await leave.CancelAsync();
        await LeaveAsync(sending);

        await _first.WaitForCancelledRequestAsync(Bound);
        await ends.EndedAsync(route, Bound);
        _second.Requests.Should().NotContain(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal), "nobody is left to answer");
    }

    /// <summary>First was tried and failed before Second was called (the failure is logged before the next attempt starts).</summary>
    private static void FirstFailed(BackendFactory factory) =>
        factory.Logs.GetSnapshot().Should().Contain(r => r.Message.StartsWith("Provider First failed", StringComparison.Ordinal), "the first provider was tried first and failed");

    /// <summary>
    /// Automatic routing over First (at <paramref name="firstBaseUrl"/>) and then Second. The upstream limits are far
    /// beyond the waits, so only the client's departure can end a held attempt in time. First's models are configured: a
    /// provider whose listing fails would be tried after the others.
    /// </summary>
    private BackendFactory TwoProviders(string firstBaseUrl, Action<IServiceCollection>? services = null) => new(
        BackendFactory.Merge(
            BackendFactory.OpenAIProvider("First", firstBaseUrl, priority: 0),
            BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1),
            new Dictionary<string, string?>
            {
                ["G4F:Providers:First:Models:0"] = "fake-model",
                ["G4F:Providers:First:Timeouts:FirstByte"] = "00:10:00",
                ["G4F:Providers:First:Timeouts:Idle"] = "00:10:00",
                ["G4F:Providers:Second:Timeouts:FirstByte"] = "00:10:00",
                ["G4F:Providers:Second:Timeouts:Idle"] = "00:10:00",
            }),
        services);

    private static Task<HttpResponseMessage> Send(HttpClient client, string route, CancellationToken cancellationToken)
    {
        var body = route == Conversation
            ? """{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}"""
            : """{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Hi"}]}""";
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Reads lines of the stream until one carries <paramref name="text"/>, each read bounded.</summary>
    private static async Task ReadUntilAsync(HttpResponseMessage response, string text, CancellationToken cancellationToken)
    {
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(Bound) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException($"The stream ended without \"{text}\".");
    }

    /// <summary>After the token was cancelled: the request is given up whether or not its headers had come.</summary>
    private static async Task LeaveAsync(Task<HttpResponseMessage> sending)
    {
        try
        {
            (await sending.WaitAsync(Bound)).Dispose();
        }
        catch (OperationCanceledException)
        {
            // The headers had not come: the cancelled send closed the connection.
        }
    }
}
