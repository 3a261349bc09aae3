using System.Diagnostics;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Core.Tests.Routing;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;

namespace G4F.Backend.Core.Tests.Telemetry;

/// <summary>
/// The spans and metrics of real turns through the conversation pipeline and the router (GenAI semantic conventions):
/// a turn span with a client span per upstream attempt, durations, time to first token, token usage, fallbacks and
/// failures by error name, and never the prompt or the answer.
/// </summary>
public sealed class TurnTelemetryTests
{
    private const string Marker = "SECRET-MARKER-7f3a";

    private static readonly ProviderException Overloaded = new("ResponseStatusError", "Response 503: overloaded", statusCode: 503);

    [Fact]
    public async Task A_turn_has_a_span_with_one_client_span_per_attempt_and_records_usage_and_durations()
    {
        var model = UniqueModel();
        var provider = new ScriptedProvider("Alpha")
        {
            Models = [model],
            Events = [new ContentEvent("Hello"), new UsageEvent(new TokenUsage(11, 7, 18))],
        };
        using var harness = new RoutingHarness(null, provider);
        provider.BeforeEvent = () => harness.Time.Advance(TimeSpan.FromMilliseconds(250));
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        await harness.ConverseAsync(RoutingHarness.Request(model));

        var spans = capture.Spans(model);
        var turn = spans.Single(s => s.Kind == ActivityKind.Internal);
        var attempt = spans.Single(s => s.Kind == ActivityKind.Client);
        turn.DisplayName.Should().Be($"chat {model}");
        turn.GetTagItem("gen_ai.operation.name").Should().Be("chat");
        turn.GetTagItem("gen_ai.provider.name").Should().Be("Alpha");
        turn.GetTagItem("gen_ai.request.model").Should().Be(model);
        turn.GetTagItem("gen_ai.response.model").Should().Be(model);
        turn.GetTagItem("gen_ai.usage.input_tokens").Should().Be(11L);
        turn.GetTagItem("gen_ai.usage.output_tokens").Should().Be(7L);
        turn.GetTagItem("g4f.route").Should().Be("AnyProvider");
        turn.GetTagItem("error.type").Should().BeNull();
        turn.Status.Should().Be(ActivityStatusCode.Unset);
        attempt.ParentSpanId.Should().Be(turn.SpanId);
        attempt.TraceId.Should().Be(turn.TraceId);
        attempt.DisplayName.Should().Be($"chat {model}");
        attempt.GetTagItem("gen_ai.provider.name").Should().Be("Alpha");
        attempt.GetTagItem("g4f.fallback.attempt").Should().Be(1);

        var usage = capture.Measurements("gen_ai.client.token.usage").Where(m => Equals(m["gen_ai.request.model"], model)).ToList();
        usage.Select(m => (m["gen_ai.token.type"], m.Value)).Should().BeEquivalentTo([("input", 11d), ("output", 7d)]);
        usage.Should().OnlyContain(m => Equals(m["gen_ai.provider.name"], "Alpha") && Equals(m["gen_ai.response.model"], model));
        // The first content went out after one tick of the scripted clock; the turn ended after two.
        var firstToken = capture.Measurements("gen_ai.server.time_to_first_token").Single();
        firstToken.Value.Should().Be(0.25);
        var duration = capture.Measurements("gen_ai.server.request.duration").Single();
        duration.Value.Should().Be(0.5);
        foreach (var measurement in new[] { firstToken, duration })
        {
            // The provider and model attributes the issue names for both server histograms.
            measurement["gen_ai.provider.name"].Should().Be("Alpha");
            measurement["gen_ai.request.model"].Should().Be(model);
            measurement["gen_ai.operation.name"].Should().Be("chat");
        }

        var client = capture.Measurements("gen_ai.client.operation.duration").Single();
        client["gen_ai.provider.name"].Should().Be("Alpha");
        client["error.type"].Should().BeNull();
        capture.Measurements("g4f.fallbacks").Should().BeEmpty();
        capture.Measurements("g4f.turn.failures").Should().BeEmpty();
    }

    [Fact]
    public async Task A_fallback_is_counted_with_the_failed_provider_and_its_error_and_the_turn_succeeds()
    {
        var model = UniqueModel();
        var first = new ScriptedProvider("First", 0) { Models = [model], Events = [], FailAfterEvents = Overloaded };
        var second = new ScriptedProvider("Second", 1) { Models = [model], Events = [new ContentEvent("ok")] };
        using var harness = new RoutingHarness(null, first, second);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        await harness.ConverseAsync(RoutingHarness.Request(model));

        var spans = capture.Spans(model);
        var turn = spans.Single(s => s.Kind == ActivityKind.Internal);
        var attempts = spans.Where(s => s.Kind == ActivityKind.Client).OrderBy(s => s.GetTagItem("g4f.fallback.attempt")).ToList();
        attempts.Select(a => a.GetTagItem("gen_ai.provider.name")).Should().Equal("First", "Second");
        attempts[0].GetTagItem("error.type").Should().Be("ResponseStatusError");
        attempts[0].Status.Should().Be(ActivityStatusCode.Error);
        attempts[1].GetTagItem("error.type").Should().BeNull();
        attempts.Should().OnlyContain(a => a.ParentSpanId == turn.SpanId);
        turn.GetTagItem("g4f.fallback.attempts").Should().Be(2);
        turn.GetTagItem("gen_ai.provider.name").Should().Be("Second");
        turn.GetTagItem("error.type").Should().BeNull();

        var fallback = capture.Measurements("g4f.fallbacks").Single();
        fallback.Value.Should().Be(1);
        fallback["gen_ai.provider.name"].Should().Be("First");
        fallback["error.type"].Should().Be("ResponseStatusError");
        capture.Measurements("g4f.upstream.failures").Single()["gen_ai.provider.name"].Should().Be("First");
        capture.Measurements("g4f.turn.failures").Should().BeEmpty();
        capture.Measurements("gen_ai.client.operation.duration").Select(m => m["error.type"]).Should().BeEquivalentTo(["ResponseStatusError", (object?)null]);
    }

    [Fact]
    public async Task A_failed_turn_carries_its_error_name_and_records_no_usage_or_first_token()
    {
        var model = UniqueModel();
        var only = new ScriptedProvider("Only") { Models = [model], Events = [], FailAfterEvents = Overloaded };
        using var harness = new RoutingHarness(null, only);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        var events = await harness.ConverseAsync(RoutingHarness.Request(model));

        events.OfType<ErrorEvent>().Single().Error.Should().Be("ResponseStatusError");
        var turn = capture.Spans(model).Single(s => s.Kind == ActivityKind.Internal);
        turn.GetTagItem("error.type").Should().Be("ResponseStatusError");
        turn.Status.Should().Be(ActivityStatusCode.Error);
        var failure = capture.Measurements("g4f.turn.failures").Single();
        failure["error.type"].Should().Be("ResponseStatusError");
        failure["gen_ai.request.model"].Should().Be(model);
        capture.Measurements("gen_ai.server.request.duration").Single()["error.type"].Should().Be("ResponseStatusError");
        capture.Measurements("g4f.fallbacks").Should().BeEmpty("the last candidate failing hands the turn to nobody");
        capture.Measurements("gen_ai.client.token.usage").Should().BeEmpty();
        capture.Measurements("gen_ai.server.time_to_first_token").Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failure_mid_stream_is_one_error_event_and_ends_the_attempt_span_with_its_error(bool synchronous)
    {
        var model = UniqueModel();
        var only = new ScriptedProvider("Only")
        {
            Models = [model],
            Events = [new ContentEvent("one"), new ContentEvent("two")],
            FailAfterEvents = Overloaded,
            Synchronous = synchronous,
        };
        using var harness = new RoutingHarness(null, only);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        var events = await harness.ConverseAsync(RoutingHarness.Request(model));

        events.OfType<ContentEvent>().Select(c => c.Content).Should().Equal("one", "two");
        var error = events.OfType<ErrorEvent>().Single();
        error.Error.Should().Be("ResponseStatusError");
        events.IndexOf(error).Should().BeGreaterThan(events.FindLastIndex(e => e is ContentEvent));
        var spans = capture.Spans(model);
        var attempt = spans.Single(s => s.Kind == ActivityKind.Client);
        attempt.GetTagItem("error.type").Should().Be("ResponseStatusError");
        attempt.Status.Should().Be(ActivityStatusCode.Error);
        spans.Single(s => s.Kind == ActivityKind.Internal).GetTagItem("error.type").Should().Be("ResponseStatusError");
        capture.Measurements("g4f.upstream.failures").Single()["gen_ai.provider.name"].Should().Be("Only");
        capture.Measurements("gen_ai.client.operation.duration").Single()["error.type"].Should().Be("ResponseStatusError");
        capture.Measurements("g4f.fallbacks").Should().BeEmpty();
    }

    [Fact]
    public async Task A_reader_that_stops_after_later_output_ends_the_attempt_as_canceled()
    {
        var model = UniqueModel();
        var provider = new ScriptedProvider("Alpha") { Models = [model], Events = [new ContentEvent("one"), new ContentEvent("two"), new ContentEvent("three")] };
        using var harness = new RoutingHarness(null, provider);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        var outcome = await harness.Conversations.RunAsync(RoutingHarness.Request(model), TurnInput.None);
        await foreach (var e in outcome.Events)
        {
            if (e is ContentEvent { Content: "two" })
            {
                break;
            }
        }

        var spans = capture.Spans(model);
        spans.Should().HaveCount(2);
        spans.Should().OnlyContain(s => Equals(s.GetTagItem("error.type"), "canceled"));
        provider.Disposed.Should().Be(1);
    }

    [Fact]
    public async Task The_readers_activity_stays_current_around_every_event_and_parents_the_turn()
    {
        // The turn's span is started inside the turn's own iterator: the reader never finds it as Activity.Current,
        // before, between or after the provider's events (which pass through without that iterator per chunk).
        var model = UniqueModel();
        var provider = new ScriptedProvider("Alpha") { Models = [model], Events = [new ContentEvent("one"), new ContentEvent("two"), new UsageEvent(new TokenUsage(1, 2, 3))] };
        using var harness = new RoutingHarness(null, provider);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);
        using var source = new ActivitySource("G4F.Tests.Reader");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var reader = source.StartActivity("reader")!;

        var outcome = await harness.Conversations.RunAsync(RoutingHarness.Request(model), TurnInput.None);
        var seen = new List<Activity?>();
        await foreach (var e in outcome.Events)
        {
            seen.Add(Activity.Current);
        }

        seen.Add(Activity.Current);
        seen.Should().HaveCountGreaterThan(3).And.OnlyContain(a => ReferenceEquals(a, reader));
        var turn = capture.Spans(model).Single(s => s.Kind == ActivityKind.Internal);
        turn.ParentSpanId.Should().Be(reader.SpanId);
    }

    [Fact]
    public async Task A_reader_that_stops_early_ends_the_turn_and_its_attempt_as_canceled()
    {
        var model = UniqueModel();
        var provider = new ScriptedProvider("Alpha") { Models = [model], Events = [new ContentEvent("one"), new ContentEvent("two")] };
        using var harness = new RoutingHarness(null, provider);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        var outcome = await harness.Conversations.RunAsync(RoutingHarness.Request(model), TurnInput.None);
        await foreach (var e in outcome.Events)
        {
            if (e is ContentEvent)
            {
                break;
            }
        }

        var spans = capture.Spans(model);
        spans.Should().HaveCount(2);
        spans.Should().OnlyContain(s => Equals(s.GetTagItem("error.type"), "canceled"));
        capture.Measurements("g4f.turn.failures").Single()["error.type"].Should().Be("canceled");
    }

    [Fact]
    public async Task No_span_or_measurement_carries_the_prompt_or_the_answer()
    {
        var model = UniqueModel();
        var provider = new ScriptedProvider("Alpha")
        {
            Models = [model],
            Events = [new ContentEvent($"answer {Marker}"), new ReasoningEvent { Token = $"thinking {Marker}" }],
        };
        using var harness = new RoutingHarness(null, provider);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);
        var request = RoutingHarness.Request(model) with
        {
            Messages = [new JsonObject { ["role"] = "user", ["content"] = $"prompt {Marker}" }],
        };

        await harness.ConverseAsync(request);

        var spans = capture.Spans(model);
        spans.Should().HaveCount(2);
        var texts = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName).Append(s.StatusDescription ?? ""))
            .Concat(capture.AllMeasurements().SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")));
        texts.Should().NotContain(t => t.Contains(Marker, StringComparison.Ordinal));
        capture.Measurements("gen_ai.client.token.usage").Should().HaveCount(2, "an estimated usage is recorded too");
    }

    [Fact]
    public async Task No_span_event_or_measurement_carries_a_provider_key_or_the_callers_key()
    {
        // Real OpenAI-compatible providers over HTTP, so both keys are really used: the configured one on a first attempt
        // that fails (error paths tag spans too), the caller's one (what a /v1 bearer becomes) on the fallback.
        const string ConfiguredKey = "sk-configured-KEY-5d1e";
        const string CallerKey = "sk-caller-KEY-9b2c";
        var model = UniqueModel();
        await using var keyed = await FakeUpstream.StartAsync();
        await using var keyless = await FakeUpstream.StartAsync();
        keyed.Models = keyless.Models = [model];
        keyed.Reply = FakeReply.Status(503, """{"error":{"message":"overloaded"}}""");
        keyless.Reply = FakeReply.Text("Hello").WithUsage(3, 1);
        using var harness = new RoutingHarness(o =>
        {
            o.Providers["Keyed"] = new ProviderOptions { BaseUrl = keyed.OpenAIBaseUrl, ApiKey = ConfiguredKey, Priority = 0 };
            o.Providers["Keyless"] = new ProviderOptions { BaseUrl = keyless.OpenAIBaseUrl, Priority = 1 };
        });
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        await harness.ConverseAsync(RoutingHarness.Request(model) with { ApiKeys = new Dictionary<string, string> { ["Keyless"] = CallerKey } });

        keyed.Requests.Should().Contain(r => r.Path == "/v1/chat/completions" && r.Headers.GetValueOrDefault("Authorization") == $"Bearer {ConfiguredKey}");
        keyless.Requests.Should().Contain(r => r.Path == "/v1/chat/completions" && r.Headers.GetValueOrDefault("Authorization") == $"Bearer {CallerKey}");
        var spans = capture.Spans(model);
        spans.Should().HaveCount(3, "the turn and its two attempts");
        var texts = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Concat(s.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Append(e.Name)))
                .Concat(s.Baggage.Select(b => $"{b.Key}={b.Value}"))
                .Append(s.DisplayName).Append(s.StatusDescription ?? string.Empty))
            .Concat(capture.AllMeasurements().SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")))
            .ToList();
        texts.Should().Contain(t => t.Contains("Keyed", StringComparison.Ordinal), "the failed attempt was recorded");
        texts.Should().NotContain(t => t.Contains("KEY-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Models_no_provider_serves_are_tagged_OTHER_so_callers_cannot_create_series()
    {
        // A caller names any model: through a named provider (called with it whatever it lists), or through automatic
        // routing (which tries a provider whose listing failed). Both turn into one _OTHER series, failed turns included.
        var known = UniqueModel();
        var lenient = new ScriptedProvider("Lenient", 0) { Models = [known], Events = [new ContentEvent("ok"), new UsageEvent(new TokenUsage(2, 1, 3))] };
        var unlisted = new ScriptedProvider("Unlisted", 1) { ListingFailure = Overloaded, Events = [], FailAfterEvents = Overloaded };
        using var harness = new RoutingHarness(null, lenient, unlisted);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);
        await harness.Catalog.GetAllAsync(CancellationToken.None);
        var madeUp = Enumerable.Range(0, 50).Select(_ => $"made-up-{Guid.NewGuid():N}").ToList();

        // Every turn under one root of the test's own, so its spans are told from those of tests running beside it.
        using var source = new ActivitySource("G4F.Tests.Cardinality");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var root = source.StartActivity("root")!;
        foreach (var (model, i) in madeUp.Select((m, i) => (m, i)))
        {
            await harness.ConverseAsync(RoutingHarness.Request(model, i % 2 == 0 ? "Lenient" : null));
        }

        await harness.ConverseAsync(RoutingHarness.Request(known.ToUpperInvariant(), "Lenient"));

        lenient.Calls.Should().HaveCount(26, "the named provider was called with every model it was sent");
        unlisted.Calls.Should().HaveCount(25);
        var series = capture.Measurements("gen_ai.client.operation.duration")
            .Select(m => $"{m["gen_ai.provider.name"]}|{m["gen_ai.request.model"]}|{m["error.type"]}").Distinct().ToList();
        series.Should().BeEquivalentTo(["Lenient|_OTHER|", "Unlisted|_OTHER|ResponseStatusError", $"Lenient|{known}|"]);
        var models = capture.AllMeasurements()
            .SelectMany(m => new[] { m["gen_ai.request.model"], m["gen_ai.response.model"] })
            .Where(v => v is not null).Distinct().ToList();
        models.Should().BeEquivalentTo(new object[] { "_OTHER", known }, "the known model is named in its catalog spelling, the rest are _OTHER");
        capture.Measurements("g4f.turn.failures").Should().HaveCount(25).And.OnlyContain(m => Equals(m["gen_ai.request.model"], "_OTHER"));

        // Spans follow the same rule (a span-to-metrics pipeline makes series of span names and attributes too).
        var spans = capture.Trace(root.TraceId);
        spans.Should().HaveCount(51 * 2, "a turn span and one attempt span per turn");
        spans.Select(s => s.DisplayName).Distinct().Should().BeEquivalentTo("chat _OTHER", $"chat {known}");
        spans.Count(s => s.DisplayName == $"chat {known}").Should().Be(2);
        var texts = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Value}")).ToList();
        texts.Should().NotContain(t => t.StartsWith("made-up-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_successful_attempts_span_carries_the_token_counts_its_upstream_reported()
    {
        var model = UniqueModel();
        var first = new ScriptedProvider("First", 0) { Models = [model], Events = [], FailAfterEvents = Overloaded };
        var second = new ScriptedProvider("Second", 1) { Models = [model], Events = [new ContentEvent("ok"), new UsageEvent(new TokenUsage(11, 7, 18))] };
        using var harness = new RoutingHarness(null, first, second);
        using var capture = new TelemetryCapture(harness.Telemetry.Meter);

        await harness.ConverseAsync(RoutingHarness.Request(model));

        var attempts = capture.Spans(model).Where(s => s.Kind == ActivityKind.Client).OrderBy(s => s.GetTagItem("g4f.fallback.attempt")).ToList();
        attempts.Should().HaveCount(2);
        attempts[0].GetTagItem("gen_ai.usage.input_tokens").Should().BeNull("the failed attempt reported none");
        attempts[1].GetTagItem("gen_ai.provider.name").Should().Be("Second");
        attempts[1].GetTagItem("gen_ai.usage.input_tokens").Should().Be(11L);
        attempts[1].GetTagItem("gen_ai.usage.output_tokens").Should().Be(7L);
        attempts[1].GetTagItem("gen_ai.request.model").Should().Be(model);
    }

    private static string UniqueModel() => $"model-{Guid.NewGuid():N}";
}
