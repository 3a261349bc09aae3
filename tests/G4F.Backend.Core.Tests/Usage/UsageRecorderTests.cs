using G4F.Backend.Events;
using G4F.Backend.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>
/// A turn's usage line when the store fails (a database outage, a full disk): retried in the background, reported in the
/// log with the line itself, recorded once when the store comes back; the turn only waits for the first attempt.
/// </summary>
public sealed class UsageRecorderTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly UsageLogHarness _harness = new();
    private readonly FakeLogger<UsageRecorder> _logger = new();

    [Fact]
    public async Task A_line_the_store_refused_once_is_recorded_once_by_the_retry_and_both_steps_are_logged()
    {
        var store = new FailingUsageLog(_harness.Log, failures: 1);
        var recorder = new UsageRecorder(store, _harness.Time, _logger);

        await recorder.RecordAsync(Line("alice")).WaitAsync(Bound);

        recorder.PendingRetries.Should().Be(1);
        var warning = _logger.Collector.GetSnapshot().Should().ContainSingle().Subject;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().Contain("\"user\":\"alice\"").And.Contain("\"total_tokens\":7");
        warning.Exception.Should().BeOfType<IOException>();
        File.Exists(_harness.UsageFile(UsageLogHarness.Today)).Should().BeFalse();

        _harness.Time.Advance(UsageRecorder.RetryDelays[0]);
        await WaitUntilAsync(() => recorder.PendingRetries == 0);

        File.ReadAllLines(_harness.UsageFile(UsageLogHarness.Today)).Should().ContainSingle().Which.Should().Contain("\"user\":\"alice\"");
        store.Attempts.Should().Be(2);
        _logger.Collector.GetSnapshot().Should().HaveCount(2).And.Contain(r => r.Level == LogLevel.Information && r.Message.Contains("attempt 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_line_the_store_never_takes_is_logged_as_not_recorded_after_every_retry()
    {
        var store = new FailingUsageLog(_harness.Log, failures: int.MaxValue);
        var recorder = new UsageRecorder(store, _harness.Time, _logger);

        await recorder.RecordAsync(Line("bob\nINFO forged")).WaitAsync(Bound);
        foreach (var delay in UsageRecorder.RetryDelays)
        {
            // The store counts an attempt as it starts; the recorder sets its next delay's timer only after the attempt
            // failed, so a single advance could come before that timer exists and never fire it. Advanced again while
            // the attempt has not come (checked first): one advance fires at most one retry, as a timer set inside it
            // runs from the new time.
            var attempts = store.Attempts;
            await WaitUntilAsync(() =>
            {
                if (store.Attempts > attempts)
                {
                    return true;
                }

                _harness.Time.Advance(delay);
                return store.Attempts > attempts;
            });
        }

        await WaitUntilAsync(() => recorder.PendingRetries == 0);
        store.Attempts.Should().Be(UsageRecorder.RetryDelays.Count + 1);
        var last = _logger.Collector.LatestRecord;
        last.Level.Should().Be(LogLevel.Error);
        last.Message.Should().Contain($"after {UsageRecorder.RetryDelays.Count + 1} attempts").And.Contain("\"user\":\"bob\\nINFO forged\"");
        last.Message.Should().NotContain("\n", "the line is logged as its JSON, so a name cannot forge a log line");
        File.Exists(_harness.UsageFile(UsageLogHarness.Today)).Should().BeFalse();
    }

    [Fact]
    public async Task A_refused_line_larger_than_the_retry_budget_is_logged_as_not_recorded_and_never_held()
    {
        var store = new FailingUsageLog(_harness.Log, failures: int.MaxValue);
        var recorder = new UsageRecorder(store, _harness.Time, _logger);

        await recorder.RecordAsync(Line(new string('u', (int)UsageRecorder.MaxPendingBytes))).WaitAsync(Bound);

        recorder.PendingRetries.Should().Be(0, "a line past the byte budget does not wait for a retry");
        store.Attempts.Should().Be(1);
        var record = _logger.Collector.GetSnapshot().Should().ContainSingle().Subject;
        record.Level.Should().Be(LogLevel.Error);
        record.Message.Should().Contain("after 1 attempts");

        // The budget is given back: a small line refused next still waits for its retry.
        await recorder.RecordAsync(Line("dave")).WaitAsync(Bound);
        recorder.PendingRetries.Should().Be(1);
    }

    [Fact]
    public async Task A_line_the_store_takes_at_once_logs_nothing_and_leaves_no_retry()
    {
        var store = new FailingUsageLog(_harness.Log, failures: 0);
        var recorder = new UsageRecorder(store, _harness.Time, _logger);

        await recorder.RecordAsync(Line("carol")).WaitAsync(Bound);

        recorder.PendingRetries.Should().Be(0);
        _logger.Collector.Count.Should().Be(0);
        File.ReadAllLines(_harness.UsageFile(UsageLogHarness.Today)).Should().ContainSingle();
    }

    public void Dispose() => _harness.Dispose();

    private static UsageLine Line(string user) =>
        TurnUsage.Line(user, "model-a", new ProviderInfo("Fake", null, "Fake", "model-a"), new TokenUsage(3, 4, 7));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            waited.Elapsed.Should().BeLessThan(Bound, "the retry should have run by now");
            await Task.Delay(20);
        }
    }

    /// <summary>The store failing like a disk or database that is down: the first <c>failures</c> appends throw.</summary>
    private sealed class FailingUsageLog(IUsageLog inner, int failures) : IUsageLog
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task AppendUsageAsync(UsageLine line, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _attempts) <= failures
                ? Task.FromException(new IOException("The store is down."))
                : inner.AppendUsageAsync(line, cancellationToken);

        public Task AppendClientLogAsync(ClientLogLine line, CancellationToken cancellationToken = default) => inner.AppendClientLogAsync(line, cancellationToken);

        public Task<Stream?> OpenUsageDayAsync(DateOnly date, string? user = null, CancellationToken cancellationToken = default) => inner.OpenUsageDayAsync(date, user, cancellationToken);

        public Task<Stream?> OpenClientLogDayAsync(DateOnly date, CancellationToken cancellationToken = default) => inner.OpenClientLogDayAsync(date, cancellationToken);

        public Task<UsageStatistics> GetStatisticsAsync(int days, string? user = null, CancellationToken cancellationToken = default) => inner.GetStatisticsAsync(days, user, cancellationToken);
    }
}
