using System.Globalization;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace G4F.Backend.Usage;

/// <summary>
/// The embedded <see cref="IUsageLog"/>: JSON Lines files per UTC day, <c>usage/YYYY-MM-DD.jsonl</c> and
/// <c>logs/YYYY-MM-DD.jsonl</c> under the data directory. File names are only ever built from a
/// <see cref="DateOnly"/>, never from request text.
/// </summary>
/// <remarks>
/// Appends to one file hold its <see cref="IStorageLock"/> (<c>usage/YYYY-MM-DD</c>, <c>logs/YYYY-MM-DD</c>) and each
/// line goes out in one positioned write that ends in <c>\n</c>, so parallel appends neither lose nor interleave lines;
/// a write that fails midway is cut back, and every append starts on a line of its own even when a torn tail is left.
/// The current day's file stays open per folder between appends (<see cref="DaySlot"/>): an append writes through it
/// while one <c>statx</c> of the descriptor finds it still linked (<see cref="DayFile.LinkedLength"/>), and looks at its
/// last byte only when it does not end where the last append left it; a deleted or replaced file is opened again.
/// Where that call is not available every append opens the file. Readers open their own handles.
/// </remarks>
internal sealed class FileUsageLog(DataPaths paths, TimeProvider timeProvider, IOptions<UsageOptions> options, IStorageLock storageLock) : IUsageLog, IDisposable
{
    public const string UsageFolder = "usage";
    public const string LogsFolder = "logs";
    public const int MaxDays = 365;

    private const int MinLineLimit = 1024 * 1024;

    private readonly DaySlot _usage = new();
    private readonly DaySlot _logs = new();

    public Task AppendUsageAsync(UsageLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return AppendAsync(UsageFolder, line.Json, cancellationToken);
    }

    public Task AppendClientLogAsync(ClientLogLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return AppendAsync(LogsFolder, line.Json, cancellationToken);
    }

    /// <summary>Closes the kept day files; an append after this opens and closes its file itself.</summary>
    public void Dispose()
    {
        _usage.Dispose();
        _logs.Dispose();
    }

    public async Task<Stream?> OpenUsageDayAsync(DateOnly date, string? user = null, CancellationToken cancellationToken = default)
    {
        var day = await OpenDayAsync(UsageFolder, date, cancellationToken).ConfigureAwait(false);
        return day is null || user is null ? day : await UserUsageLines.OpenAsync(day, user, MaxLineBytes(), cancellationToken).ConfigureAwait(false);
    }

    public Task<Stream?> OpenClientLogDayAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        OpenDayAsync(LogsFolder, date, cancellationToken);

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
    private int MaxLineBytes() => (int)Math.Clamp(options.Value.MaxBodyBytes * 8, MinLineLimit, int.MaxValue / 4);

    private async Task<Stream?> OpenDayAsync(string folder, DateOnly date, CancellationToken cancellationToken)
    {
        // Read under the lock, the length ends after a complete line.
        var held = await storageLock.AcquireAsync(LockOf(folder, date), cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            var stream = TryOpenRead(PathOf(folder, date));
            return stream is null ? null : new LengthLimitedStream(stream, stream.Length);
        }
    }

    private static string LockOf(string folder, DateOnly date) => folder + "/" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task AppendAsync(string folder, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        // The day is fixed now, at the call, not when the file becomes free.
        var date = Today();
        var line = new byte[json.Length + 1];
        json.Span.CopyTo(line);
        line[^1] = (byte)'\n';
        var held = await storageLock.AcquireAsync(LockOf(folder, date), cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            // A local append is a few microseconds: written inline, under the day's lock.
            var slot = folder == UsageFolder ? _usage : _logs;
            var file = slot.Take(date);
            try
            {
                file = Write(file, file?.Path ?? PathOf(folder, date), date, line);
            }
            finally
            {
                slot.Return(file);
            }
        }
    }

    /// <summary>
    /// Appends <paramref name="line"/> through the kept file while it is still linked, else through the file opened
    /// anew; returns the file to keep, null after a failure.
    /// </summary>
    private static DayFile? Write(DayFile? file, string path, DateOnly date, byte[] line)
    {
        var length = file?.LinkedLength() ?? -1;
        if (file is not null && length < 0)
        {
            // Deleted or replaced underneath (a purged folder, a rename over it): its lines go to the file at the path.
            file.Dispose();
            file = null;
        }

        var tailKnown = file is not null && length == file.Length;
        file ??= DayFile.Open(path, date);
        try
        {
            if (length < 0)
            {
                length = RandomAccess.GetLength(file.Handle);
            }

            if (!tailKnown && length > 0)
            {
                // Checked whenever the file does not end where this writer's last line did (one byte): a line torn by a
                // crash, by someone else, or by a write that failed midway and could not be cut back, is ended here, so
                // it cannot swallow the good line written after it.
                Span<byte> last = stackalloc byte[1];
                if (RandomAccess.Read(file.Handle, last, length - 1) == 1 && last[0] != (byte)'\n')
                {
                    line = [(byte)'\n', .. line];
                }
            }

            try
            {
                RandomAccess.Write(file.Handle, line, length);
            }
            catch (IOException)
            {
                // A write that stopped midway (a full disk) leaves part of a line: cut the file back to where it ended.
                TryTruncate(file.Handle, length);
                throw;
            }

            file.Wrote(length + line.Length);
            return file;
        }
        catch
        {
            // The next append opens the file again and looks at its tail.
            file.Dispose();
            throw;
        }
    }

    private static void TryTruncate(SafeFileHandle handle, long length)
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
}
