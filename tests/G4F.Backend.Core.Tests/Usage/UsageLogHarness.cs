using System.Globalization;
using G4F.Backend.Storage;
using G4F.Backend.Usage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Usage;

/// <summary>A <see cref="FileUsageLog"/> over a temporary data directory with a fake clock (2026-08-20 12:00 UTC).</summary>
internal sealed class UsageLogHarness : IDisposable
{
    public static readonly DateOnly Today = new(2026, 8, 20);

    public UsageLogHarness(Action<G4FBackendOptions>? configure = null)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        var options = new G4FBackendOptions { DataDirectory = DataDirectory };
        configure?.Invoke(options);
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 8, 20, 12, 0, 0, TimeSpan.Zero));
        Log = new FileUsageLog(DataPaths.Of(options.DataDirectory), Time, Options.Create(options.Usage), new InProcessStorageLock());
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public FileUsageLog Log { get; }

    public string UsageFile(DateOnly date) => Path.Combine(DataDirectory, "usage", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");

    public string LogFile(DateOnly date) => Path.Combine(DataDirectory, "logs", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");

    /// <summary>Writes a day's usage file by hand: each line as given, each followed by <c>\n</c>.</summary>
    public void WriteUsage(DateOnly date, params string[] lines) => WriteRaw(date, string.Concat(lines.Select(l => l + "\n")));

    public void WriteRaw(DateOnly date, string content) => WriteBytes(date, System.Text.Encoding.UTF8.GetBytes(content));

    public void WriteBytes(DateOnly date, byte[] content)
    {
        Directory.CreateDirectory(Path.Combine(DataDirectory, "usage"));
        File.WriteAllBytes(UsageFile(date), content);
    }

    public void Dispose()
    {
        Log.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
