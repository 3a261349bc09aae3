using System.Net;
using System.Net.Sockets;

namespace G4F.Backend.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster on loopback: initdb into a temporary folder, the server on a free port of 127.0.0.1
/// with its socket in that folder, stopped and deleted on dispose (or when the process exits). Durability is off
/// (fsync, synchronous commit, full page writes): neither the tests nor the bench check it, and without it the cluster is
/// much faster on a loaded machine. Shared by the PostgreSQL tests and the bench.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly string _binaries;
    private string? _folder;

    private ThrowawayCluster(string binaries, string folder, string adminConnectionString)
    {
        _binaries = binaries;
        _folder = folder;
        AdminConnectionString = adminConnectionString;
    }

    /// <summary>The connection string of the cluster's superuser <c>g4f_admin</c> (database <c>postgres</c>), keyword form.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Why no cluster can be started here (no server binaries found), or null when one can.</summary>
    public static string? Unavailable => ClusterProcess.FindBinaries() is null
        ? "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or on PATH: install them "
            + "(apt-get install -y postgresql), or set G4F_TEST_POSTGRES to the connection string of a server whose role may create roles and databases."
        : null;

    /// <summary>Initialises and starts a cluster; <paramref name="sharedBuffers"/> is PostgreSQL's setting (for example <c>32MB</c>).</summary>
    public static async Task<ThrowawayCluster> StartAsync(string sharedBuffers = "32MB")
    {
        var binaries = ClusterProcess.FindBinaries() ?? throw new InvalidOperationException(Unavailable);
        var folder = Path.Join(Path.GetTempPath(), "g4f-pg-" + Guid.NewGuid().ToString("N")[..8]);
        if (ClusterProcess.AsRoot)
        {
            // The server runs as postgres, so postgres creates (and owns) its folder.
            await ClusterProcess.RunAsync("mkdir", ["-m", "700", folder], Bound);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        var password = Guid.NewGuid().ToString("N");
        var passwordFile = Path.Join(folder, "pw");
        await ClusterProcess.RunAsync("sh", ["-c", $"echo {password} > {passwordFile}"], Bound);
        var data = Path.Join(folder, "data");
        await ClusterProcess.RunAsync(Path.Join(binaries, "initdb"),
            ["-D", data, "-U", "g4f_admin", "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"], Bound);

        var port = FreePort();
        var cluster = new ThrowawayCluster(binaries, folder, $"Host=127.0.0.1;Port={port};Username=g4f_admin;Password={password};Database=postgres");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var settings = $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500 -c shared_buffers={sharedBuffers}";
        await ClusterProcess.RunAsync(Path.Join(binaries, "pg_ctl"), ["-D", data, "-l", Path.Join(folder, "server.log"), "-w", "-t", "90", "-o", settings, "start"], Bound);
        return cluster;
    }

    /// <summary>Stops the server and deletes its folder; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        var folder = Interlocked.Exchange(ref _folder, null);
        if (folder is null)
        {
            return;
        }

        try
        {
            await ClusterProcess.RunAsync(Path.Join(_binaries, "pg_ctl"), ["-D", Path.Join(folder, "data"), "-m", "immediate", "-w", "stop"], Bound);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
