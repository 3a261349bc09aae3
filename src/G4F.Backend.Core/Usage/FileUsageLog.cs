using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Usage;

/// <summary>
/// The embedded <see cref="IUsageLog"/>: JSON Lines files per UTC day, <c>usage/YYYY-MM-DD.jsonl</c> and
/// <c>logs/YYYY-MM-DD.jsonl</c> under the data directory. File names are only ever built from a
/// <see cref="DateOnly"/>, never from request text.
/// </summary>
/// <remarks>
/// Appends to one file are serialized in the process and each line goes out in one positioned write that
/// ends in <c>\n</c>, so parallel appends neither lose nor interleave lines; a write that fails midway is cut back,
/// and every append starts on a line of its own even when a torn tail is left. The files are meant for one
/// process per data directory (a second writer is refused by the file share mode where the OS enforces it).
/// </remarks>
internal sealed class FileUsageLog(DataPaths paths, TimeProvider timeProvider, IOptions<G4FBackendOptions> options) : IUsageLog
{
    public const string UsageFolder = "usage";
    public const string LogsFolder = "logs";
    public const int MaxDays = 365;

    private const int MinLineLimit = 1024 * 1024;

    // Appends only ever go to "today", so this holds two gates per day the process has lived through.
    private readonly ConcurrentDictionary<string, AppendGate> _gates = new(StringComparer.Ordinal);

    /// <summary>How many day files have append state (for tests: it must not grow with reads).</summary>
    internal int GateCount => _gates.Count;

    public Task AppendUsageAsync(JsonObject entry, CancellationToken cancellationToken = default) => Append(UsageFolder, entry, cancellationToken);

    public Task AppendClientLogAsync(JsonObject entry, CancellationToken cancellationToken = default) => Append(LogsFolder, entry, cancellationToken);

    public async Task<Stream?> OpenUsageDayAsync(DateOnly date, CancellationToken cancellationToken = default)
    {
        var path = PathOf(UsageFolder, date);
        // Only a file near today can be appended to right now; other days need no gate (and get none, so a
        // client asking for many old dates cannot grow the gate table).
        var today = Today();
        var gate = Math.Abs(date.DayNumber - today.DayNumber) <= 1 ? _gates.GetOrAdd(path, static _ => new AppendGate()) : _gates.GetValueOrDefault(path);
        if (gate is not null)
        {
            await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var stream = TryOpenRead(path);
            // Read under the gate, the length ends after a complete line.
            return stream is null ? null : new LengthLimitedStream(stream, stream.Length);
        }
        finally
        {
            gate?.Lock.Release();
        }
    }

    public async Task<UsageStatistics> GetStatisticsAsync(int days, string? user = null, CancellationToken cancellationToken = default)
    {
        days = Math.Clamp(days, 1, MaxDays);
        var aggregator = new UsageAggregator(string.IsNullOrEmpty(user) ? null : user);
        var today = Today();
        var maxLine = MaxLineBytes();
        for (var ago = days - 1; ago >= 0; ago--)
        {
            if (today.DayNumber - ago < DateOnly.MinValue.DayNumber)
            {
                continue;
            }

            var date = today.AddDays(-ago);
            var stream = TryOpenRead(PathOf(UsageFolder, date));
            if (stream is null)
            {
                continue;
            }

            await using (stream.ConfigureAwait(false))
            {
                aggregator.BeginDay(date);
                await JsonLineReader.ReadAsync(stream, aggregator, maxLine, cancellationToken).ConfigureAwait(false);
            }
        }

        return aggregator.Build();
    }

    /// <summary>The day file of <paramref name="date"/> in <paramref name="folder"/>.</summary>
    public string PathOf(string folder, DateOnly date) =>
        paths.Combine(folder, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl");

    /// <summary>Today in UTC: the server's time zone never decides which file a line goes to.</summary>
    private DateOnly Today() => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);

    /// <summary>Lines this long are skipped by the statistics: far above anything the endpoints write.</summary>
    private int MaxLineBytes() => (int)Math.Clamp(options.Value.Usage.MaxBodyBytes * 8, MinLineLimit, int.MaxValue / 4);

    private Task Append(string folder, JsonObject entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // The day and the bytes are fixed now, at the call, not when the file becomes free.
        var path = PathOf(folder, Today());
        var line = Serialize(entry);
        return AppendAsync(path, line, cancellationToken);
    }

    private async Task AppendAsync(string path, byte[] line, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(path, static _ => new AppendGate());
        await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A local append is a few microseconds; file IO on Unix is a thread-pool hop anyway.
            Write(path, line);
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private static void Write(string path, byte[] line)
    {
        using var handle = OpenForAppend(path);
        var length = RandomAccess.GetLength(handle);
        if (length > 0)
        {
            // Checked before every append (one byte): a line torn by a crash, or by a write that failed midway and
            // could not be cut back, is ended here, so it cannot swallow the good line written after it.
            Span<byte> last = stackalloc byte[1];
            if (RandomAccess.Read(handle, last, length - 1) == 1 && last[0] != (byte)'\n')
            {
                line = [(byte)'\n', .. line];
            }
        }

        try
        {
            RandomAccess.Write(handle, line, length);
        }
        catch (IOException)
        {
            // A write that stopped midway (a full disk) leaves part of a line: cut the file back to where it ended.
            TryTruncate(handle, length);
            throw;
        }
    }

    private static void TryTruncate(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length)
    {
        try
        {
            RandomAccess.SetLength(handle, length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The next append finds the torn tail and ends it.
        }
    }

    private static Microsoft.Win32.SafeHandles.SafeFileHandle OpenForAppend(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
    }

    private static FileStream? TryOpenRead(string path)
    {
        try
        {
            // ReadWrite sharing: appends go on while a day is read.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>One line: compact JSON (a newline inside a value is escaped) and <c>\n</c>.</summary>
    private static byte[] Serialize(JsonObject entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            entry.WriteTo(writer);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // An unpaired surrogate (from "\ud800" in parsed JSON, or a .NET string) cannot be written as JSON.
            throw new ArgumentException("The entry holds text that is not valid Unicode.", nameof(entry), ex);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
