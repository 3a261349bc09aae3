using System.Diagnostics;

namespace G4F.Backend.Testing;

/// <summary>
/// Runs the PostgreSQL server tools. initdb and postgres refuse to run as root, so when the tests run as root (CI
/// containers) the tools run as the <c>postgres</c> user that the Debian package creates, through <c>runuser</c>.
/// </summary>
public static class ClusterProcess
{
    public static bool AsRoot { get; } = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>Runs <paramref name="tool"/> to its end and returns its output; throws with that output when it fails.</summary>
    public static async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan bound)
    {
        var start = new ProcessStartInfo(AsRoot ? "runuser" : tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (AsRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", tool })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(bound))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Path.GetFileName(tool)} did not finish within {bound}.");
            }
        }

        var text = await output + await error;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{Path.GetFileName(tool)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {text}");
    }

    /// <summary>The folder of the newest installed PostgreSQL server (initdb, pg_ctl, postgres), or null.</summary>
    public static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("G4F_TEST_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        const string Debian = "/usr/lib/postgresql";
        if (Directory.Exists(Debian))
        {
            var newest = Directory.EnumerateDirectories(Debian)
                .Select(d => (Folder: Path.Join(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Join(d.Folder, "initdb")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Folder is not null)
            {
                return newest.Folder;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(folder => folder.Length > 0 && File.Exists(Path.Join(folder, "initdb")));
    }
}
