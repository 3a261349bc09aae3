using System.Diagnostics;
using System.Globalization;

namespace G4F.Backend.Bench;

/// <summary>Median wall time and peak memory of repeated runs of one conversion.</summary>
internal sealed record ConversionMeasurement(double MedianMs, double PeakMiB)
{
    /// <summary>Whether the run was stopped at the time limit: <see cref="MedianMs"/> is then only a lower bound.</summary>
    public bool Stopped { get; init; }

    // Long enough for pandoc to finish the 10 MB DOCX on a 2-core machine, so that row gets a ratio too.
    private static readonly TimeSpan ExternalLimit = TimeSpan.FromMinutes(10);

    // A heap cap (pandoc's own guard for untrusted input), so a huge input fails instead of exhausting the machine.
    private const string PandocHeapLimit = "-M8g";

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    public static async Task<ConversionMeasurement> InProcessAsync(Func<Task> convert, int runs)
    {
        // Warm-up: the runtime compiles a method again, optimized, after some 30 calls and a short delay, and a method
        // called once a conversion (PdfPig's file parsing, for one) only gets there after 30 conversions: a small PDF
        // takes some 25 runs to settle at a tenth of its first runs' time. So 40 runs, or 30 seconds for the slow ones
        // (at least one run): neither converter is measured running unoptimized code, as a warm server would not.
        var warming = Stopwatch.StartNew();
        for (var run = 0; run == 0 || (warming.Elapsed < WarmUp && run < 40); run++)
        {
            await convert();
        }

        var times = new List<double>();
        double peak = 0;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            var baseline = self.WorkingSet64;
            long highest = baseline;
            using var stop = new CancellationTokenSource();

            // The working set is sampled while the conversion runs; the peak above the idle baseline is what it cost.
            var sampler = Task.Run(async () =>
            {
                using var sampled = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    sampled.Refresh();
                    highest = Math.Max(highest, sampled.WorkingSet64);
                    await Task.Delay(5);
                }
            });
            var watch = Stopwatch.StartNew();
            await convert();
            times.Add(watch.Elapsed.TotalMilliseconds);
            await stop.CancelAsync();
            await sampler;
            peak = Math.Max(peak, (highest - baseline) / 1048576.0);
        }

        return new ConversionMeasurement(Median(times), peak);
    }

    /// <summary>Runs <c>pandoc</c> under <c>/usr/bin/time -v</c> (wall time of the process, its maximum RSS), its heap capped at 8 GiB.</summary>
    public static Task<ConversionMeasurement?> PandocAsync(string from, string file, int runs) =>
        ExternalAsync("pandoc", ["+RTS", PandocHeapLimit, "-RTS", "-f", from, "-t", "gfm", "-o", "/dev/null", file], runs);

    /// <summary>Runs <c>pdftotext</c> (poppler, default reading-order mode, UTF-8 text to /dev/null) the same way.</summary>
    public static Task<ConversionMeasurement?> PdfToTextAsync(string file, int runs) =>
        ExternalAsync("pdftotext", ["-enc", "UTF-8", file, "/dev/null"], runs);

    /// <summary>Runs <paramref name="tool"/> under <c>/usr/bin/time -v</c>: wall time of the process, its maximum RSS.</summary>
    private static async Task<ConversionMeasurement?> ExternalAsync(string tool, string[] arguments, int runs)
    {
        var times = new List<double>();
        double peak = 0;
        // A warm-up run fills the page cache, except for the big inputs where one pandoc run takes minutes.
        var first = runs > 1 ? 0 : 1;
        for (var run = first; run <= runs; run++)
        {
            var timeTool = File.Exists("/usr/bin/time");
            var start = new ProcessStartInfo(timeTool ? "/usr/bin/time" : tool) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in (string[])[.. timeTool ? ["-v", tool] : Array.Empty<string>(), .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var errors = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(ExternalLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // Should a big input keep the tool busy beyond the limit, the bench moves on without its figure.
                process.Kill(entireProcessTree: true);
                Console.WriteLine($"  {tool}: no result within {ExternalLimit.TotalSeconds:F0} s, stopped (the row shows that bound)");
                return new ConversionMeasurement(ExternalLimit.TotalMilliseconds, double.NaN) { Stopped = true };
            }

            var elapsed = watch.Elapsed.TotalMilliseconds;
            var report = await errors;
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"  {tool} failed: {report.Split('\n')[0].Trim()}");
                return null;
            }

            if (run == 0)
            {
                continue; // warm-up: page cache
            }

            times.Add(elapsed);
            var line = report.Split('\n').FirstOrDefault(l => l.Contains("Maximum resident set size", StringComparison.Ordinal));
            if (line is not null && double.TryParse(line[(line.LastIndexOf(':') + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var kib))
            {
                peak = Math.Max(peak, kib / 1024.0);
            }
        }

        return new ConversionMeasurement(Median(times), peak);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
