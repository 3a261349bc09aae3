using System.Diagnostics;
using System.Globalization;
using System.Text;
using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Bench;

/// <summary>
/// Document conversion: generated PDF, DOCX, HTML and CSV inputs of about 100 KB, 1 MB and 10 MB (quick: the first
/// two) through the backend's converters, as MB/s of input and peak working set above idle; the DOCX and HTML
/// files also through <c>pandoc -t gfm</c> when it is on PATH (process wall time, so its start-up is included;
/// one run for the 10 MB inputs).
/// </summary>
internal static class ConversionBench
{
    private static readonly (string Name, string Extension, Func<int, byte[]> Build, string? PandocFormat)[] Formats =
    [
        ("PDF", ".pdf", ConversionInputs.Pdf, null),
        ("DOCX", ".docx", ConversionInputs.Docx, "docx"),
        ("HTML", ".html", ConversionInputs.Html, "html"),
        ("CSV", ".csv", ConversionInputs.Csv, null),
    ];

    public static async Task RunAsync(bool quick)
    {
        long[] sizes = quick ? [100_000, 1_000_000] : [100_000, 1_000_000, 10_000_000];
        var directory = Directory.CreateTempSubdirectory("g4f-bench-conv-");
        var services = new ServiceCollection();
        services.AddG4FBackend(o => o.DataDirectory = directory.FullName);
        await using var provider = services.BuildServiceProvider();
        var converters = provider.GetRequiredService<DocumentConverters>();
        var pandoc = PandocVersion();
        Console.WriteLine(Invariant($"ConversionBench: {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")} run; {pandoc ?? "pandoc not on PATH: only our figures"}"));
        Console.WriteLine("  format  input     ours ms   ours MB/s  ours peak MiB   pandoc ms  pandoc peak MiB  ours/pandoc time");
        try
        {
            foreach (var (name, extension, build, pandocFormat) in Formats)
            {
                foreach (var size in sizes)
                {
                    var bytes = ConversionInputs.Sized(build, size);
                    var file = Path.Combine(directory.FullName, $"input-{size}{extension}");
                    await File.WriteAllBytesAsync(file, bytes);
                    var converter = converters.Find(file, null)!;
                    var runs = quick ? 3 : size >= 10_000_000 ? 3 : 5;
                    var ours = await ConversionMeasurement.InProcessAsync(() => ConvertAsync(converter, file, bytes), runs);
                    var theirs = pandoc is not null && pandocFormat is not null ? await ConversionMeasurement.PandocAsync(pandocFormat, file, size >= 10_000_000 ? 1 : runs) : null;
                    var mbPerSecond = bytes.Length / 1_000_000.0 / (ours.MedianMs / 1000);
                    var pandocColumns = theirs is null ? "          -                -                 -" : Invariant($"{theirs.MedianMs,11:F0} {theirs.PeakMiB,16:F0} {ours.MedianMs / theirs.MedianMs,17:F2}");
                    Console.WriteLine(Invariant($"  {name,-6} {bytes.Length / 1_000_000.0,6:F2} MB {ours.MedianMs,9:F0} {mbPerSecond,11:F1} {ours.PeakMiB,14:F0} {pandocColumns}"));
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task ConvertAsync(IDocumentConverter converter, string file, byte[] bytes)
    {
        using var input = new MemoryStream(bytes, writable: false);
        await using var output = new StreamWriter(Stream.Null, new UTF8Encoding(false));
        await converter.ConvertAsync(new DocumentInput(Path.GetFileName(file), null, input), output, CancellationToken.None);
    }

    private static string? PandocVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pandoc", "--version") { RedirectStandardOutput = true });
            var first = process?.StandardOutput.ReadLine();
            process?.WaitForExit();
            return process?.ExitCode == 0 ? first : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
