using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>How the updates of a chat client become protocol events, and which models it lists.</summary>
public sealed class ChatClientProviderTests
{
    private static readonly ChatRequest Request = new()
    {
        Messages = [new JsonObject { ["role"] = "user", ["content"] = "hi" }],
        Model = "model-a",
    };

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Text_and_reasoning_updates_become_content_and_reasoning_events()
    {
        var client = new ScriptedChatClient(
            new ChatResponseUpdate(ChatRole.Assistant, [new TextReasoningContent("Let me see."), new TextReasoningContent("")]),
            new ChatResponseUpdate(ChatRole.Assistant, "Hel"),
            new ChatResponseUpdate(ChatRole.Assistant, ""),
            new ChatResponseUpdate(ChatRole.Assistant, [new TextContent("lo"), new TextContent(" there")]),
            new ChatResponseUpdate(ChatRole.Assistant, [new TextContent("!"), new TextReasoningContent("hm"), new TextContent("?")]));

        var events = await StreamAsync(client);

        events.Should().Equal(
            new ReasoningEvent { Token = "Let me see." },
            new ContentEvent("Hel"),
            new ContentEvent("lo there"),
            new ContentEvent("!"),
            new ReasoningEvent { Token = "hm" },
            new ContentEvent("?"));
    }

    [Fact]
    public async Task Function_calls_become_openai_tool_calls_with_running_indexes()
    {
        var client = new ScriptedChatClient(
            new ChatResponseUpdate(ChatRole.Assistant, [
                new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2 }),
                new FunctionCallContent("call_2", "ping"),
                new FunctionCallContent("call_x", "host_tool") { InformationalOnly = true },
            ]),
            new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_3", "get_time", new Dictionary<string, object?> { ["tz"] = "UTC" })]));

        var events = await StreamAsync(client);

        events.Select(ResponseEventSerializer.SerializeToString).Should().Equal(
            """{"type":"tool_calls","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":2}"}},{"index":1,"id":"call_2","type":"function","function":{"name":"ping","arguments":"{}"}}]}""",
            """{"type":"tool_calls","tool_calls":[{"index":2,"id":"call_3","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"UTC\"}"}}]}""");
    }

    [Fact]
    public async Task Finish_comes_once_and_before_usage_with_the_upstream_counts()
    {
        var usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 40, CachedInputTokenCount = 8, ReasoningTokenCount = 5 };
        var client = new ScriptedChatClient(
            new ChatResponseUpdate(ChatRole.Assistant, "Hi"),
            new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]) { FinishReason = ChatFinishReason.Length },
            new ChatResponseUpdate { FinishReason = ChatFinishReason.Length });

        var events = await StreamAsync(client);

        events.Select(ResponseEventSerializer.SerializeToString).Should().Equal(
            """{"type":"content","content":"Hi"}""",
            """{"type":"finish","finish":{"reason":"length"}}""",
            """{"type":"usage","usage":{"prompt_tokens":12,"completion_tokens":40,"total_tokens":52,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":5}}}""");
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("tool_calls")]
    [InlineData("content_filter")]
    public async Task The_finish_reason_is_passed_by_its_value(string reason)
    {
        var client = new ScriptedChatClient(new ChatResponseUpdate { FinishReason = new ChatFinishReason(reason) });

        var events = await StreamAsync(client);

        events.Should().Equal(new FinishEvent(new FinishReason(reason)));
    }

    [Fact]
    public async Task A_reported_total_is_kept_and_usage_without_extras_has_none()
    {
        var client = new ScriptedChatClient(
            new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 3, TotalTokenCount = 10 })]));

        var events = await StreamAsync(client);

        events.Should().ContainSingle().Which.Should().BeOfType<UsageEvent>().Which.Usage.Should().Be(new TokenUsage(3, 0, 10));
    }

    [Fact]
    public async Task A_different_upstream_model_is_reported_once_before_its_content()
    {
        var options = new ProviderOptions { Url = "https://example.com", Label = "Example" };
        var client = new ScriptedChatClient(
            new ChatResponseUpdate(ChatRole.Assistant, "a") { ModelId = "model-a" },
            new ChatResponseUpdate(ChatRole.Assistant, "b") { ModelId = "model-a-2025" },
            new ChatResponseUpdate(ChatRole.Assistant, "c") { ModelId = "model-a-2026" });

        var events = await StreamAsync(client, options: options);

        events.Should().Equal(
            new ContentEvent("a"),
            new ProviderEvent(new ProviderInfo("Scripted", "https://example.com", "Example", "model-a-2025")),
            new ContentEvent("b"),
            new ContentEvent("c"));
    }

    [Fact]
    public async Task A_provider_without_a_url_reports_the_upstream_model_with_an_empty_url()
    {
        // The client renders the url as a link: null would become href="null".
        var client = new ScriptedChatClient(new ChatResponseUpdate(ChatRole.Assistant, "a") { ModelId = "model-a-2025" });

        var events = await StreamAsync(client);

        events[0].Should().Be(new ProviderEvent(new ProviderInfo("Scripted", string.Empty, "Scripted", "model-a-2025")));
    }

    [Fact]
    public async Task Error_content_becomes_a_non_fatal_message()
    {
        var client = new ScriptedChatClient(new ChatResponseUpdate(ChatRole.Assistant, [new ErrorContent("upstream hiccup")]));

        var events = await StreamAsync(client);

        events.Should().Equal(new MessageEvent("ResponseError: upstream hiccup", "ResponseError"));
    }

    [Fact]
    public async Task Events_are_yielded_as_updates_arrive_without_buffering()
    {
        var gate = new TaskCompletionSource();
        async IAsyncEnumerable<ChatResponseUpdate> Script([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "first");
            await gate.Task.WaitAsync(cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "second");
        }

        var provider = CreateProvider(new ScriptedChatClient(ct => Script(ct)));
        await using var events = provider.StreamAsync(Request, CancellationToken.None).GetAsyncEnumerator();

        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("first"));
        var next = events.MoveNextAsync();
        next.IsCompleted.Should().BeFalse();
        gate.SetResult();
        (await next).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("second"));
    }

    [Fact]
    public async Task Configured_models_are_listed_first()
    {
        var client = new ScriptedChatClient() { Metadata = new ChatClientMetadata("x", null, "client-default") };
        var options = new ProviderOptions { Models = ["a", "", "b"], DefaultModel = "a" };

        var models = await CreateProvider(client, options).ListModelsAsync(null, CancellationToken.None);

        models.Should().Equal("a", "b");
    }

    [Fact]
    public async Task Without_configured_models_the_clients_default_model_is_listed()
    {
        var client = new ScriptedChatClient() { Metadata = new ChatClientMetadata("x", null, "client-default") };

        var models = await CreateProvider(client, new ProviderOptions { DefaultModel = "configured" }).ListModelsAsync(null, CancellationToken.None);

        models.Should().Equal("client-default");
    }

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("configured", new[] { "configured" })]
    public async Task Without_metadata_the_configured_default_model_or_nothing_is_listed(string? defaultModel, string[] expected)
    {
        var models = await CreateProvider(new ScriptedChatClient(), new ProviderOptions { DefaultModel = defaultModel })
            .ListModelsAsync(null, CancellationToken.None);

        models.Should().Equal(expected);
    }

    private ChatClientProvider CreateProvider(ScriptedChatClient client, ProviderOptions? options = null) =>
        new("Scripted", options ?? new ProviderOptions(), client, _time, NullLogger<ChatClientProvider>.Instance);

    private async Task<List<ResponseEvent>> StreamAsync(ScriptedChatClient client, CancellationToken cancellationToken = default, ProviderOptions? options = null)
    {
        var events = new List<ResponseEvent>();
        await foreach (var e in CreateProvider(client, options).StreamAsync(Request, cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
