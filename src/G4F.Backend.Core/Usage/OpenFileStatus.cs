using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace G4F.Backend.Usage;

/// <summary>
/// The link count and length of an open file in one <c>statx(2)</c> on its descriptor (no path walk, no open): how a
/// kept day file of <see cref="FileUsageLog"/> finds out that it was deleted or replaced (link count 0) or written by
/// someone else (another length). .NET has no public API for the link count. Linux with glibc only; elsewhere (or where
/// the call is missing or refused) <see cref="IsAvailable"/> is false and the usage log opens the file for each append.
/// </summary>
internal static class OpenFileStatus
{
    // statx(2) constants and the offsets of its buffer, the same on every Linux architecture (unlike struct stat).
    private const int AtEmptyPath = 0x1000;
    private const uint StatxNlink = 0x4;
    private const uint StatxSize = 0x200;
    private const int BufferBytes = 256;
    private const int NlinkOffset = 16;
    private const int SizeOffset = 40;

    private static readonly byte[] EmptyPath = [0];
    private static int _available = OperatingSystem.IsLinux() ? 1 : 0;

    public static bool IsAvailable => Volatile.Read(ref _available) == 1;

    /// <summary>A buffer for <see cref="TryGet"/>, one per kept file (it is not shared between threads).</summary>
    public static byte[] NewBuffer() => new byte[BufferBytes];

    /// <summary>The link count and length of <paramref name="handle"/>'s file; false when they could not be had.</summary>
    public static bool TryGet(SafeFileHandle handle, byte[] buffer, out uint links, out long length)
    {
        (links, length) = (0, 0);
        if (!IsAvailable)
        {
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (Statx((int)handle.DangerousGetHandle(), EmptyPath, AtEmptyPath, StatxNlink | StatxSize, buffer) != 0)
            {
                // ENOSYS (a kernel before 4.11) or EPERM (an old container profile): never asked again.
                var error = Marshal.GetLastPInvokeError();
                if (error is 38 or 1)
                {
                    Volatile.Write(ref _available, 0);
                }

                return false;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl), or a glibc before 2.28.
            Volatile.Write(ref _available, 0);
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        var mask = MemoryMarshal.Read<uint>(buffer);
        if ((mask & (StatxNlink | StatxSize)) != (StatxNlink | StatxSize))
        {
            return false;
        }

        links = MemoryMarshal.Read<uint>(buffer.AsSpan(NlinkOffset));
        length = MemoryMarshal.Read<long>(buffer.AsSpan(SizeOffset));
        return true;
    }

    [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, byte[] buffer);
}
