using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>The conversation stream end to end: sample host, real HTTP to a fake upstream on 127.0.0.1.</summary>
public sealed class ConversationStreamTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task Named_provider_streams_the_exact_protocol_transcript()
    {
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();

        var transcript = await client.ConverseAsync("""{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Say hi"}]}""");

        transcript.Raw.Split('\n').MatchSnapshot();
        transcript.Types.Should().Equal("provider", "parameters", "content", "content", "finish", "usage");
        transcript.Content.Should().Be("Hello world");
    }

    [Fact]
    public async Task The_parameters_event_carries_the_requests_values_as_sent()
    {
        _upstream.Reply = FakeReply.Text("Hi");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        var transcript = await factory.CreateClient().ConverseAsync(
            """{"model":"fake-model","provider":"Fake","temperature":0.7,"top_p":0.25,"max_tokens":100,"stop":"END","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Raw.Split('\n').Should().Contain(
            """data: {"type":"parameters","parameters":{"provider":"Fake","model":"fake-model","temperature":0.7,"top_p":0.25,"max_tokens":100,"stop":"END","stream":true}}""");
    }

    [Fact]
    public async Task Usage_from_the_upstream_is_passed_through_with_model_and_resolved_provider()
    {
        _upstream.Reply = FakeReply.Chunks(
            """{"id":"c","model":"fake-model-2024","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""",
            """{"id":"c","model":"fake-model-2024","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""",
            """{"id":"c","model":"fake-model-2024","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":4}}}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().Equal("provider", "parameters", "provider", "provider", "content", "finish", "usage");
        transcript.OfType("provider").Select(p => p.GetProperty("provider").GetProperty("model").GetString())
            .Should().Equal("fake-model", "fake-model", "fake-model-2024");
        transcript.OfType("finish").Single().GetProperty("finish").GetProperty("reason").GetString().Should().Be("length");
        var usage = transcript.OfType("usage").Single();
        usage.GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().Be(14);
        usage.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32().Should().Be(4);
        usage.GetProperty("model").GetString().Should().Be("fake-model-2024");
        usage.GetProperty("provider").GetString().Should().Be("AnyProvider");
    }

    [Fact]
    public async Task Usage_is_estimated_when_the_upstream_sends_none()
    {
        _upstream.Reply = FakeReply.Text("abcdefgh", "abcdef").WithoutUsage();
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"12345678"}]}""");

        var usage = transcript.OfType("usage").Single().GetProperty("usage");
        // prompt: 1 + (8 bytes / 4) + 4 = 7; completion: round(8 / 4) + round(6 / 4) = 2 + 2 = 4 (banker's rounding of 1.5).
        usage.GetProperty("prompt_tokens").GetInt32().Should().Be(7);
        usage.GetProperty("completion_tokens").GetInt32().Should().Be(4);
        usage.GetProperty("total_tokens").GetInt32().Should().Be(11);
    }

    [Fact]
    public async Task Reasoning_fields_and_think_tags_become_reasoning_events()
    {
        _upstream.Reply = FakeReply.Chunks(
            """{"model":"fake-model","choices":[{"index":0,"delta":{"reasoning_content":"Let me see."},"finish_reason":null}]}""",
            """{"model":"fake-model","choices":[{"index":0,"delta":{"content":"<think>Hmm"},"finish_reason":null}]}""",
            """{"model":"fake-model","choices":[{"index":0,"delta":{"content":" ok</think>Answer"},"finish_reason":null}]}""",
            """{"model":"fake-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Think"}]}""");

        var reasoning = transcript.OfType("reasoning").ToList();
        reasoning[0].GetProperty("token").GetString().Should().Be("Let me see.");
        reasoning.Select(r => r.TryGetProperty("is_thinking", out var t) ? t.GetString() : null).Where(t => t is not null)
            .Should().Equal("<think>", "</think>");
        string.Concat(reasoning.Skip(1).Where(r => r.GetProperty("token").ValueKind == JsonValueKind.String).Select(r => r.GetProperty("token").GetString()))
            .Should().Be("Hmm ok");
        transcript.Content.Should().Be("Answer");
    }

    [Fact]
    public async Task Tool_call_deltas_are_forwarded_as_tool_calls_events()
    {
        _upstream.Reply = FakeReply.Chunks(
            """{"model":"fake-model","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_time","arguments":"{\"tz\":"}}]},"finish_reason":null}]}""",
            """{"model":"fake-model","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"UTC\"}"}}]},"finish_reason":null}]}""",
            """{"model":"fake-model","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        var transcript = await factory.CreateClient().ConverseAsync(
            """{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Time?"}],"tools":[{"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]}""");

        var calls = transcript.OfType("tool_calls").Select(e => e.GetProperty("tool_calls")[0]).ToList();
        calls.Should().HaveCount(2);
        calls[0].GetProperty("function").GetProperty("name").GetString().Should().Be("get_time");
        string.Concat(calls.Select(c => c.GetProperty("function").GetProperty("arguments").GetString())).Should().Be("{\"tz\":\"UTC\"}");
        transcript.OfType("finish").Single().GetProperty("finish").GetProperty("reason").GetString().Should().Be("tool_calls");
        _upstream.Requests.Last().JsonBody!["tools"]!.AsArray().Should().HaveCount(1);
    }

    [Fact]
    public async Task Sampling_parameters_from_the_body_reach_the_upstream()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        await factory.CreateClient().ConverseAsync(
            """{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Hi"}],"temperature":"0.25","top_p":0.5,"max_tokens":64,"stop":["END"],"seed":7,"id":"client-id","conversation_id":"c1"}""");

        var body = _upstream.Requests.Last().JsonBody!.AsObject();
        body["temperature"]!.GetValue<double>().Should().Be(0.25);
        body["top_p"]!.GetValue<double>().Should().Be(0.5);
        body["max_tokens"]!.GetValue<int>().Should().Be(64);
        body["stop"]![0]!.GetValue<string>().Should().Be("END");
        body["seed"]!.GetValue<long>().Should().Be(7);
        body["stream"]!.GetValue<bool>().Should().BeTrue();
        body.ContainsKey("conversation_id").Should().BeFalse("client bookkeeping fields are not provider parameters");
    }

    [Fact]
    public async Task Debug_mode_adds_log_events_of_this_request_only_at_the_end()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();

        var quiet = await client.ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");
        var debug = await client.ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"debug_mode":true}""");

        quiet.Types.Should().NotContain("log");
        debug.Types.SkipWhile(t => t != "log").Should().OnlyContain(t => t == "log", "log events come after everything else");
        debug.OfType("log").Select(l => l.GetProperty("log").GetString()).Should().ContainSingle()
            .Which.Should().Be("AnyProvider: Using providers: ['Fake'] for model 'fake-model'");
    }

    [Fact]
    public async Task An_ollama_provider_streams_through_the_same_protocol()
    {
        _upstream.Reply = FakeReply.Text("Hel", "lo").WithUsage(4, 2);
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Providers:Local:Type"] = "Ollama",
            ["G4F:Providers:Local:BaseUrl"] = _upstream.BaseUrl,
        });

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Local","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().Equal("provider", "parameters", "content", "content", "finish", "usage");
        transcript.Content.Should().Be("Hello");
        transcript.OfType("provider").Single().GetProperty("provider").GetProperty("url").GetString()
            .Should().BeEmpty("the client renders the url as a link; null would become href=\"null\"");
        transcript.OfType("usage").Single().GetProperty("usage").GetProperty("total_tokens").GetInt32().Should().Be(6);
        _upstream.Requests.Last().Path.Should().Be("/api/chat");
    }
}
