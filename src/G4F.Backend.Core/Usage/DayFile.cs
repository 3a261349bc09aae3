using Microsoft.Win32.SafeHandles;

namespace G4F.Backend.Usage;

/// <summary>
/// A day file of <see cref="FileUsageLog"/> kept open between appends, with the length its last append left it at.
/// Used by one writer at a time (the one holding the day's lock).
/// </summary>
internal sealed class DayFile : IDisposable
{
    private readonly byte[] _status = OpenFileStatus.NewBuffer();

    private DayFile(SafeFileHandle handle, string path, DateOnly date)
    {
        Handle = handle;
        Path = path;
        Date = date;
    }

    public DateOnly Date { get; }

    public string Path { get; }

    public SafeFileHandle Handle { get; }

    /// <summary>Where the file ended after this writer's last append; -1 before the first.</summary>
    public long Length { get; private set; } = -1;

    /// <summary>Whether a file can be kept open between appends here (<see cref="OpenFileStatus.IsAvailable"/>).</summary>
    public static bool CanKeep => OpenFileStatus.IsAvailable;

    public static DayFile Open(string path, DateOnly date)
    {
        const FileShare Share = FileShare.Read | FileShare.Delete;
        try
        {
            return new DayFile(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, Share), path, date);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            return new DayFile(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, Share), path, date);
        }
    }

    /// <summary>
    /// The length to append at when the kept file is still linked (not deleted, not replaced by a rename over it):
    /// -1 when it is not, or cannot be told (then the file is opened again). One <c>statx</c> of the descriptor.
    /// </summary>
    public long LinkedLength() =>
        Length >= 0 && OpenFileStatus.TryGet(Handle, _status, out var links, out var length) && links > 0 ? length : -1;

    /// <summary>Records where this writer's append left the file.</summary>
    public void Wrote(long length) => Length = length;

    public void Dispose() => Handle.Dispose();
}
