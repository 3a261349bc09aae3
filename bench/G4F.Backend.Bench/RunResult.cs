using System.Globalization;

namespace G4F.Backend.Bench;

/// <summary>Throughput and time-to-first-content percentiles of one round, with what the round cost the server.</summary>
internal sealed record RunResult(int Requests, double RequestsPerSecond, double FirstContentMedianMs, double FirstContentP95Ms)
{
    /// <summary>The server's CPU time over the round, when the round went through the server.</summary>
    public TimeSpan ServerCpu { get; init; }

    /// <summary>CPU time of the server's tiered compilation over the round (part of <see cref="ServerCpu"/>): steady state is zero.</summary>
    public TimeSpan ServerTieringCpu { get; init; }

    /// <summary>The server's peak resident set during the round (VmHWM reset before it), in bytes.</summary>
    public long ServerPeakBytes { get; init; }

    /// <summary>The server's resident set when the round started, in bytes.</summary>
    public long ServerResidentBeforeBytes { get; init; }

    public double CpuMsPerStream => ServerCpu.TotalMilliseconds / Requests;

    public static RunResult From(double[] firstContentMs, TimeSpan elapsed)
    {
        var sorted = firstContentMs.Order().ToArray();
        return new RunResult(sorted.Length, sorted.Length / elapsed.TotalSeconds, Percentile(sorted, 0.5), Percentile(sorted, 0.95));
    }

    public string Describe(string name) => string.Create(CultureInfo.InvariantCulture,
        $"  {name,-24} {RequestsPerSecond,9:F1} req/s   first content: median {FirstContentMedianMs,7:F3} ms, p95 {FirstContentP95Ms,7:F3} ms")
        + (ServerPeakBytes == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture,
            $"   server: {CpuMsPerStream:F3} ms CPU a stream (tiering {ServerTieringCpu.TotalMilliseconds:F0} ms), resident {ServerResidentBeforeBytes / 1048576.0:F1} MiB before, peak {ServerPeakBytes / 1048576.0:F1} MiB"));

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
