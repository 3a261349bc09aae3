using System.Diagnostics;
using System.Globalization;
using System.Text;
using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Bench;

/// <summary>
/// Document conversion: generated PDF (one and two columns), DOCX, HTML and CSV inputs of about 100 KB, 1 MB and
/// 10 MB (quick: the first two) through the backend's converters, read from the same file on disk that the reference
/// tool reads, as MB/s of input and peak working set above idle; the same files also through a reference tool in the
/// same run when it is on PATH: <c>pdftotext</c> (poppler) for the PDFs, <c>pandoc -t gfm</c> for DOCX and HTML
/// (process wall time, so its start-up is included: a line before the table gives pandoc's start-up on a one-section
/// document; one run for the 10 MB inputs).
/// </summary>
internal static class ConversionBench
{
    private static readonly (string Name, string Extension, Func<int, byte[]> Build, string? PandocFormat)[] Formats =
    [
        ("PDF", ".pdf", ConversionInputs.Pdf, null),
        ("PDF 2c", ".pdf", ConversionInputs.PdfTwoColumns, null),
        ("DOCX", ".docx", ConversionInputs.Docx, "docx"),
        ("HTML", ".html", ConversionInputs.Html, "html"),
        ("CSV", ".csv", ConversionInputs.Csv, null),
    ];

    /// <summary>Runs the conversion bench; <paramref name="format"/> (such as <c>DOCX</c>, or <c>PDF</c> for the <c>pdf</c> bench: one and two columns) limits it to one format.</summary>
    public static async Task RunAsync(bool quick, string? format = null)
    {
        long[] sizes = quick ? [100_000, 1_000_000] : [100_000, 1_000_000, 10_000_000];
        var directory = Directory.CreateTempSubdirectory("g4f-bench-conv-");
        var services = new ServiceCollection();
        services.AddG4FBackend(o => o.DataDirectory = directory.FullName);
        await using var provider = services.BuildServiceProvider();
        var converters = provider.GetRequiredService<DocumentConverters>();
        var pandoc = string.Equals(format, "PDF", StringComparison.OrdinalIgnoreCase) ? null : ToolVersion("pandoc", "--version");
        var pdfToText = ToolVersion("pdftotext", "-v");
        Console.WriteLine(Invariant($"ConversionBench: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {(quick ? "quick" : "full")} run; {pandoc ?? "pandoc not on PATH or not asked for"}; {pdfToText ?? "pdftotext not on PATH"}"));
        try
        {
            if (pandoc is not null)
            {
                await PrintPandocStartUpAsync(directory.FullName);
            }

            Console.WriteLine("  format  input     ours ms   ours MB/s  ours peak MiB   ref tool      ref ms    ref MB/s    ref peak MiB    ours/ref time");
            foreach (var (name, extension, build, pandocFormat) in Formats.Where(f => format is null || f.Name.Split(' ')[0].Equals(format, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var size in sizes)
                {
                    var bytes = ConversionInputs.Sized(build, size);
                    var file = Path.Combine(directory.FullName, $"input-{name.Replace(' ', '-')}-{size}{extension}");
                    await File.WriteAllBytesAsync(file, bytes);
                    var converter = converters.Find(file, null)!;
                    var runs = quick ? 3 : size >= 10_000_000 ? 3 : 5;
                    var ours = await ConversionMeasurement.InProcessAsync(() => ConvertAsync(converter, file), runs);
                    var (tool, theirs) = extension == ".pdf"
                        ? ("pdftotext", pdfToText is null ? null : await ConversionMeasurement.PdfToTextAsync(file, runs))
                        : ("pandoc", pandoc is not null && pandocFormat is not null ? await ConversionMeasurement.PandocAsync(pandocFormat, file, size >= 10_000_000 ? 1 : runs) : null);
                    var mbPerSecond = bytes.Length / 1_000_000.0 / (ours.MedianMs / 1000);
                    var referenceColumns = theirs switch
                    {
                        null => "             -            -                -                 -",

                        // Stopped at the limit: the tool took at least that long, so the ratio is at most this.
                        { Stopped: true } => Invariant($"{">" + theirs.MedianMs.ToString("F0", CultureInfo.InvariantCulture),11} {"<" + (bytes.Length / 1_000_000.0 / (theirs.MedianMs / 1000)).ToString("F2", CultureInfo.InvariantCulture),12} {"-",16} {"<" + (ours.MedianMs / theirs.MedianMs).ToString("F3", CultureInfo.InvariantCulture),17}"),
                        _ => Invariant($"{theirs.MedianMs,11:F0} {bytes.Length / 1_000_000.0 / (theirs.MedianMs / 1000),12:F2} {theirs.PeakMiB,16:F0} {ours.MedianMs / theirs.MedianMs,17:F3}"),
                    };
                    Console.WriteLine(Invariant($"  {name,-6} {bytes.Length / 1_000_000.0,6:F2} MB {ours.MedianMs,9:F0} {mbPerSecond,11:F1} {ours.PeakMiB,14:F0}   {(theirs is null ? "-" : tool),-10}{referenceColumns}"));
                    if (extension == ".pdf")
                    {
                        // The converter before issue 9, same file, same run: the speed-up is read against it.
                        var before = await ConversionMeasurement.InProcessAsync(() => DocstrumPdfBaseline.ConvertAsync(file), size >= 10_000_000 ? 1 : runs);
                        Console.WriteLine(Invariant($"  {"",-6} {"",9}    before issue 9 (Docstrum): {before.MedianMs:F0} ms, {bytes.Length / 1_000_000.0 / (before.MedianMs / 1000):F2} MB/s, {before.PeakMiB:F0} MiB; ours is {before.MedianMs / ours.MedianMs:F1}x faster"));
                    }
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Console.WriteLine("  ms: median wall time. ours: in process, converter only. ref: the whole process (start-up included), output to /dev/null, stopped after 10 min;");
        Console.WriteLine("  pandoc -t gfm with its heap capped at 8 GiB, pdftotext -enc UTF-8 in its default (reading order) mode.");
        Console.WriteLine("  peak MiB: ours = working set above the idle process, sampled every 5 ms; ref = its maximum resident set (start-up line above: pandoc's floor).");
        Console.WriteLine("  ours/ref time: below 1 means the backend converted the same file faster; > and < mark bounds where the tool was stopped.");
    }

    private static async Task ConvertAsync(IDocumentConverter converter, string file)
    {
        // The same file pandoc reads (in the page cache after the first run), not the bytes already in memory.
        await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var output = new StreamWriter(Stream.Null, new UTF8Encoding(false));
        await converter.ConvertAsync(new DocumentInput(Path.GetFileName(file), null, input), output, CancellationToken.None);
    }

    // Pandoc's fixed cost per file: one-section documents, so the small inputs' ratios can be read against it.
    private static async Task PrintPandocStartUpAsync(string directory)
    {
        foreach (var (name, extension, build, pandocFormat) in Formats.Where(f => f.PandocFormat is not null))
        {
            var file = Path.Combine(directory, $"startup{extension}");
            await File.WriteAllBytesAsync(file, build(1));
            if (await ConversionMeasurement.PandocAsync(pandocFormat!, file, 5) is { } startUp)
            {
                Console.WriteLine(Invariant($"  pandoc start-up ({name}, one section, {new FileInfo(file).Length / 1000.0:F1} KB): {startUp.MedianMs:F0} ms, {startUp.PeakMiB:F0} MiB"));
            }
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? ToolVersion(string tool, string versionArgument)
    {
        try
        {
            // pdftotext prints its version to stderr, pandoc to stdout.
            using var process = Process.Start(new ProcessStartInfo(tool, versionArgument) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var first = (output.Result + errors).Split('\n').FirstOrDefault(l => l.Length > 0);
            return process.ExitCode == 0 ? first : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
