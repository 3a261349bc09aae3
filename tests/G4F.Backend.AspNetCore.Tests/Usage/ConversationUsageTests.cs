using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using G4F.Backend.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.AspNetCore.Tests.Usage;

/// <summary>The usage line a conversation turn records itself (PROTOCOL 3.8 step 8).</summary>
public sealed class ConversationUsageTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 20, 12, 0, 0, TimeSpan.Zero));
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private BackendFactory Backend(Action<IServiceCollection>? services = null)
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        settings["G4F:Providers:Fake:Label"] = "Fake Label";
        return new BackendFactory(settings, s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            services?.Invoke(s);
        });
    }

    private static string UsageFile(BackendFactory factory) => Path.Combine(factory.DataDirectory, "usage", "2026-08-20.jsonl");

    [Fact]
    public async Task A_successful_routed_turn_records_one_line_naming_the_provider_that_answered()
    {
        _upstream.Reply = FakeReply.Chunks(
            """{"id":"c","model":"fake-model-2024","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""",
            """{"id":"c","model":"fake-model-2024","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}""");
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","user":"ann","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().EndWith("usage");
        File.ReadAllText(UsageFile(factory)).Should().Be(
            """{"user":"ann","model":"fake-model-2024","provider":"Fake","label":"Fake Label","prompt_tokens":11,"completion_tokens":3,"total_tokens":14}""" + "\n");
    }

    [Fact]
    public async Task An_estimated_usage_is_recorded_with_a_null_user()
    {
        _upstream.Reply = FakeReply.Text("abcdefgh", "abcdef").WithoutUsage();
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"Fake","debug_mode":true,"messages":[{"role":"user","content":"12345678"}]}""");

        var usage = transcript.OfType("usage").Single().GetProperty("usage");
        var line = JsonNode.Parse(File.ReadAllLines(UsageFile(factory)).Single())!.AsObject();
        line["user"].Should().BeNull();
        line.ContainsKey("user").Should().BeTrue();
        line["provider"]!.GetValue<string>().Should().Be("Fake");
        line["prompt_tokens"]!.GetValue<long>().Should().Be(usage.GetProperty("prompt_tokens").GetInt64());
        line["total_tokens"]!.GetValue<long>().Should().Be(usage.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task A_failed_turn_records_nothing()
    {
        _upstream.Reply = FakeReply.Status(500, """{"error":{"message":"boom"}}""");
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"Fake","user":"ann","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().EndWith("error");
        File.Exists(UsageFile(factory)).Should().BeFalse();
    }

    [Fact]
    public async Task A_turn_that_fails_after_its_usage_records_nothing()
    {
        _upstream.Reply = FakeReply.Chunks(
            """{"id":"c","model":"fake-model","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""",
            """{"id":"c","model":"fake-model","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}""").ThenAbort();
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().EndWith("error");
        File.Exists(UsageFile(factory)).Should().BeFalse();
    }

    [Fact]
    public async Task Turns_and_client_posts_both_count_in_the_stats()
    {
        _upstream.Reply = FakeReply.Text("Hello").WithUsage(5, 2);
        await using var factory = Backend();
        var client = factory.CreateClient();

        await client.ConverseAsync("""{"model":"fake-model","provider":"Fake","user":"ann","messages":[{"role":"user","content":"Hi"}]}""");
        await client.ConverseAsync("""{"model":"fake-model","provider":"Fake","user":"ann","messages":[{"role":"user","content":"Hi"}]}""");

        var stats = JsonNode.Parse(await client.GetStringAsync("/backend-api/v2/stats?user=ann"))!;
        stats["totals"]!.ToJsonString().Should().Be("""{"requests":2,"prompt_tokens":10,"completion_tokens":4,"saved_tokens":0,"total_tokens":14}""");
        stats["providers"]!.AsObject().Select(p => p.Key).Should().Equal("Fake");
    }

    [Fact]
    public async Task A_usage_log_that_fails_is_a_warning_not_a_broken_turn()
    {
        await using var factory = Backend(s => s.AddSingleton<IUsageLog, FailingUsageLog>());

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Content.Should().Be("Hello world");
        transcript.Types.Should().EndWith("usage");
        factory.Logs.GetSnapshot().Should().Contain(r => r.Level == LogLevel.Warning
            && r.Message.StartsWith("The usage line of a conversation turn could not be recorded; retrying in the background: {", StringComparison.Ordinal)
            && r.Message.Contains("\"model\":\"fake-model\"", StringComparison.Ordinal));
    }

    private sealed class FailingUsageLog : IUsageLog
    {
        public Task AppendUsageAsync(UsageLine line, CancellationToken cancellationToken = default) => throw new IOException("disk full");

        public Task AppendClientLogAsync(ClientLogLine line, CancellationToken cancellationToken = default) => throw new IOException("disk full");

        public Task<Stream?> OpenUsageDayAsync(DateOnly date, string? user = null, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(null);

        public Task<Stream?> OpenClientLogDayAsync(DateOnly date, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(null);

        public Task<UsageStatistics> GetStatisticsAsync(int days, string? user = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
