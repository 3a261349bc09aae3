using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Routing;

namespace G4F.Backend.Core.Tests.Routing;

/// <summary>Running candidates in the order given, falling over only before output; the order itself is the selector's.</summary>
public sealed class FailoverExecutorTests
{
    private static readonly ProviderException Overloaded = new("ResponseStatusError", "Response 503: overloaded", statusCode: 503);

    private static readonly RoutePlan Automatic = new(RoutePlan.AutomaticName, null);

    private static Task<(List<ResponseEvent> Events, Exception? Failure)> RunAsync(RoutingHarness harness, RoutePlan plan, params IChatProvider[] candidates) =>
        RunAsync(harness, plan, new RequestLog(), candidates);

    private static async Task<(List<ResponseEvent> Events, Exception? Failure)> RunAsync(RoutingHarness harness, RoutePlan plan, RequestLog log, params IChatProvider[] candidates)
    {
        var events = new List<ResponseEvent>();
        try
        {
            await foreach (var e in harness.Failover.StreamAsync(plan, candidates, UpstreamTurn.Of(RoutingHarness.Request()), log, null, CancellationToken.None))
            {
                events.Add(e);
            }
        }
        catch (ProviderException ex)
        {
            return (events, ex);
        }

        return (events, null);
    }

    [Fact]
    public async Task Candidates_run_in_the_order_given_whatever_their_priority()
    {
        // The selector would put Preferred first; the executor runs what it is given, as given.
        var preferred = new ScriptedProvider("Preferred", 0) { Events = [new ContentEvent("from preferred")] };
        var given = new ScriptedProvider("Given", 9) { Events = [], FailAfterEvents = Overloaded };
        using var harness = new RoutingHarness(null, preferred, given);

        var (events, failure) = await RunAsync(harness, Automatic, given, preferred);

        failure.Should().BeNull();
        events.OfType<ProviderEvent>().Select(p => p.Provider.Name).Should().Equal("Given", "Preferred");
        events.OfType<ContentEvent>().Single().Content.Should().Be("from preferred");
        harness.Failover.SuccessCount("Preferred").Should().Be(1);
        harness.Failover.SuccessCount("Given").Should().Be(0);
    }

    [Fact]
    public async Task After_shown_output_a_failure_ends_the_run_and_the_next_candidate_is_never_called()
    {
        var first = new ScriptedProvider("First") { Events = [new ContentEvent("half an ans")], FailAfterEvents = Overloaded };
        var second = new ScriptedProvider("Second");
        using var harness = new RoutingHarness(null, first, second);

        var (events, failure) = await RunAsync(harness, Automatic, first, second);

        failure.Should().BeSameAs(Overloaded);
        events.OfType<ContentEvent>().Select(c => c.Content).Should().Equal("half an ans");
        second.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task When_every_candidate_fails_before_output_the_failures_are_named_together()
    {
        var first = new ScriptedProvider("First") { Events = [], FailAfterEvents = Overloaded };
        var second = new ScriptedProvider("Second") { Events = [], FailAfterEvents = new ProviderException("RateLimitError", "Response 429: slow down") };
        using var harness = new RoutingHarness(null, first, second);

        var (_, failure) = await RunAsync(harness, Automatic, first, second);

        var error = failure.Should().BeOfType<ProviderException>().Subject;
        error.ErrorName.Should().Be("RetryProviderError");
        error.ProtocolMessage.Should().Be("RetryProviderError: RetryProvider failed:\nFirst: ResponseStatusError: Response 503: overloaded\nSecond: RateLimitError: Response 429: slow down");
    }

    [Theory]
    [InlineData("ConnectionError,RateLimitError:429,RateLimitError:429", "RetryProviderError", "RateLimitError")]
    [InlineData("ConnectionError,MissingAuthError:401", "RetryProviderError", "MissingAuthError")]
    [InlineData("ModelNotFoundError:404,TimeoutError", "RetryProviderError", "ModelNotFoundError")]
    [InlineData("ResponseStatusError:500,ModelNotFoundError:404,RateLimitError:429", "RetryProviderError", "RateLimitError")]
    [InlineData("RateLimitError:429,MissingAuthError:401", "RetryProviderError", "MissingAuthError")]
    [InlineData("RateLimitError:504,ResponseStatusError:500", "RetryProviderError", "ResponseStatusError")]
    [InlineData("TimeoutError,ConnectionError", "RetryProviderError", "TimeoutError")]
    [InlineData("ModelNotFoundError:404,ModelNotFoundError:400", "ModelNotFoundError", "ModelNotFoundError")]
    public async Task Which_failure_decides_follows_the_precedence_and_the_name_stays_g4fs(string failures, string name, string deciding)
    {
        // Auth, then rate limit, then unknown model, then other answers; unreachable providers (and an upstream's 504) last.
        var candidates = failures.Split(',').Select((f, i) =>
        {
            var parts = f.Split(':');
            var status = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            var failure = new ProviderException(parts[0], $"failure {i}", isAuthError: parts[0] == "MissingAuthError", statusCode: status);
            return new ScriptedProvider($"P{i}") { Events = [], FailAfterEvents = failure };
        }).ToArray<IChatProvider>();
        using var harness = new RoutingHarness(null, candidates);

        var (_, failure) = await RunAsync(harness, Automatic, candidates);

        var error = failure.Should().BeOfType<ProviderException>().Subject;
        error.ErrorName.Should().Be(name, "the protocol's name follows g4f's raise_exceptions");
        error.DecidedBy!.ErrorName.Should().Be(deciding);
        error.ProtocolMessage.Should().Contain("P0: ").And.Contain($"P{candidates.Length - 1}: ");
    }

    [Fact]
    public async Task A_named_provider_never_falls_over()
    {
        var named = new ScriptedProvider("Named") { Events = [], FailAfterEvents = Overloaded };
        var spare = new ScriptedProvider("Spare");
        using var harness = new RoutingHarness(null, named, spare);

        var (_, failure) = await RunAsync(harness, new RoutePlan("Named", named), named, spare);

        failure.Should().BeSameAs(Overloaded);
        spare.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failure_well_after_the_first_output_is_the_providers_error_logged_and_never_counted_as_a_success(bool synchronous)
    {
        // The attempt is handed over at its first shown event; what fails later must still be this attempt's failure.
        var first = new ScriptedProvider("First")
        {
            Events = [new ContentEvent("one"), new ContentEvent("two"), new ContentEvent("three")],
            FailAfterEvents = Overloaded,
            Synchronous = synchronous,
        };
        var second = new ScriptedProvider("Second");
        using var harness = new RoutingHarness(null, first, second);
        var log = new RequestLog();

        var (events, failure) = await RunAsync(harness, Automatic, log, first, second);

        failure.Should().BeSameAs(Overloaded);
        events.OfType<ContentEvent>().Select(c => c.Content).Should().Equal("one", "two", "three");
        log.Lines.Should().ContainSingle(l => l.StartsWith("First:", StringComparison.Ordinal))
            .Which.Should().Be("First: ResponseStatusError: Response 503: overloaded");
        harness.Failover.SuccessCount("First").Should().Be(0);
        first.Disposed.Should().Be(1);
        second.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_attempt_that_completes_after_the_first_output_is_counted_once_with_every_event_in_order(bool synchronous)
    {
        var only = new ScriptedProvider("Only")
        {
            Events = [new ReasoningEvent { Status = "warming" }, new ContentEvent("a"), new ContentEvent("b"), new FinishEvent(new FinishReason("stop"))],
            Synchronous = synchronous,
        };
        using var harness = new RoutingHarness(null, only);

        var (events, failure) = await RunAsync(harness, Automatic, only);

        failure.Should().BeNull();
        events.Select(e => e.Type).Should().Equal("provider", "reasoning", "content", "content", "finish");
        harness.Failover.SuccessCount("Only").Should().Be(1);
        only.Disposed.Should().Be(1);
    }

    [Fact]
    public async Task A_reader_that_stops_after_the_first_output_disposes_the_providers_stream()
    {
        var only = new ScriptedProvider("Only") { Events = [new ContentEvent("a"), new ContentEvent("b"), new ContentEvent("c")] };
        using var harness = new RoutingHarness(null, only);

        var seen = 0;
        await foreach (var e in harness.Failover.StreamAsync(Automatic, [only], UpstreamTurn.Of(RoutingHarness.Request()), new RequestLog(), null, CancellationToken.None))
        {
            if (e is ContentEvent && ++seen == 2)
            {
                break;
            }
        }

        only.Disposed.Should().Be(1);
        harness.Failover.SuccessCount("Only").Should().Be(0);
    }

    [Fact]
    public async Task Cancelling_after_the_first_output_cancels_the_provider_and_is_no_provider_failure()
    {
        var only = new ScriptedProvider("Only") { Events = [new ContentEvent("a"), new ContentEvent("b")], HangAfterEvents = 1 };
        using var harness = new RoutingHarness(null, only);
        using var cancellation = new CancellationTokenSource();
        var log = new RequestLog();

        var read = async () =>
        {
            await foreach (var e in harness.Failover.StreamAsync(Automatic, [only], UpstreamTurn.Of(RoutingHarness.Request()), log, null, cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        };

        await read.Should().ThrowAsync<OperationCanceledException>();
        only.Disposed.Should().Be(1);
        log.Lines.Should().NotContain(l => l.StartsWith("Only:", StringComparison.Ordinal));
    }
}
