using System.Diagnostics;

namespace G4F.Backend.Bench;

/// <summary>
/// Pins the server to core 0 and this process (fake upstream and load client) to core 1, the way gateways are compared:
/// the server's core is its whole budget, and it never competes with its load. Needs Linux, <c>taskset</c> and 2 cores.
/// </summary>
internal static class CorePinning
{
    /// <summary>Why pinning is off, or null when it is on.</summary>
    public static string? Unavailable { get; } = Check();

    public static bool Enabled => Unavailable is null;

    /// <summary>Pins every thread of this process (those started later inherit it) to core 1.</summary>
    public static void PinSelf()
    {
        if (!Enabled)
        {
            return;
        }

        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", "1", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
        taskset.StandardOutput.ReadToEnd();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException("taskset could not pin the bench process to core 1");
        }
    }

    /// <summary>The command that starts <paramref name="file"/> with <paramref name="arguments"/> on core 0 (or unpinned).</summary>
    public static ProcessStartInfo OnServerCore(string file, IEnumerable<string> arguments) =>
        Enabled ? new ProcessStartInfo("taskset", ["-c", "0", file, .. arguments]) : new ProcessStartInfo(file, arguments);

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "not Linux";
        }

        if (Environment.ProcessorCount < 2)
        {
            return $"{Environment.ProcessorCount} core(s)";
        }

        return File.Exists("/usr/bin/taskset") || File.Exists("/bin/taskset") ? null : "no taskset on this machine";
    }
}
