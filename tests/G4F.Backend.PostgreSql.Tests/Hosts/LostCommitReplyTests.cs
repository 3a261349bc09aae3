using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// A usage line whose INSERT committed in the server but whose reply never reached the instance (the connection cut at
/// that moment: a failover, a proxy, a network blip) is retried by the server, and still stored and counted once.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class LostCommitReplyTests(PostgreSqlCluster cluster)
{
    // The recorder's first retry comes after 2 s; this only bounds a wait that ends as soon as the retry is answered.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_usage_line_whose_commit_reply_was_lost_is_stored_once()
    {
        var database = await cluster.NewDatabaseAsync();
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = CuttingProxy.Start(target.Host!, target.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, SslMode = SslMode.Disable }.ConnectionString;

        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = FakeReply.Text("Hello");
        var settings = BackendFactory.OpenAIProvider("Fake", upstream.OpenAIBaseUrl);
        await using var host = new BackendFactory(settings, services => services.AddG4FBackend().UsePostgreSql(viaProxy));
        var client = host.CreateClient();

        // Schema and pool warmed up through the proxy; then the next usage INSERT's reply is cut after the server sent it.
        (await client.GetStringAsync("/backend-api/v2/stats")).Should().Contain("totals");
        proxy.CutNextUsageInsertReply();

        await client.ConverseAsync("""{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");
        await proxy.ReplyCut.WaitAsync(Bound);

        // The retry's INSERT was answered (the reply passed the proxy), so the recorder is done with the line.
        await proxy.UsageReplyAfterCut.WaitAsync(Bound);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM g4f_usage_lines", connection);
        ((long)(await count.ExecuteScalarAsync())!).Should().Be(1, "one turn is one usage line, however its first attempt ended");
        var stats = JsonNode.Parse(await client.GetStringAsync("/backend-api/v2/stats"))!;
        stats["totals"]!["requests"]!.GetValue<long>().Should().Be(1, "/stats counts the turn once");
    }

    /// <summary>A TCP proxy to PostgreSQL that can cut a connection instead of passing on the reply to a usage INSERT.</summary>
    private sealed class CuttingProxy : IAsyncDisposable
    {
        // The CommandComplete tag of an INSERT: "INSERT 0 1" for a row inserted, "INSERT 0 0" for none.
        private static readonly byte[] InsertTag = Encoding.ASCII.GetBytes("INSERT 0 ");
        private static readonly byte[] UsageInsert = Encoding.ASCII.GetBytes("INSERT INTO g4f_usage_lines");
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _replyAfterCut = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly string _host;
        private readonly int _port;
        private int _cutNext;

        private CuttingProxy(string host, int port) => (_host, _port) = (host, port);

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        /// <summary>Completes when a usage INSERT's reply was cut.</summary>
        public Task ReplyCut => _cut.Task;

        /// <summary>Completes when the reply to a usage INSERT reached the instance after the cut.</summary>
        public Task UsageReplyAfterCut => _replyAfterCut.Task;

        public static CuttingProxy Start(string host, int port)
        {
            var proxy = new CuttingProxy(host, port);
            proxy._listener.Start();
            _ = proxy.AcceptAsync();
            return proxy;
        }

        public void CutNextUsageInsertReply() => Volatile.Write(ref _cutNext, 1);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = RelayAsync(client);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }

        private async Task RelayAsync(TcpClient client)
        {
            using var server = new TcpClient();
            using (client)
            {
                try
                {
                    await server.ConnectAsync(_host, _port);
                    // Whether a usage INSERT went up this connection whose reply has not come down yet.
                    var usageInsertPending = new StrongBox<bool>();
                    var up = Pump(client.GetStream(), server.GetStream(), usageInsertPending, fromServer: false);
                    var down = Pump(server.GetStream(), client.GetStream(), usageInsertPending, fromServer: true);
                    await Task.WhenAny(up, down);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                }
            }
        }

        private async Task Pump(NetworkStream from, NetworkStream to, StrongBox<bool> usageInsertPending, bool fromServer)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer)) > 0)
                {
                    var chunk = buffer.AsSpan(0, read);
                    if (!fromServer && chunk.IndexOf(UsageInsert) >= 0)
                    {
                        Volatile.Write(ref usageInsertPending.Value, true);
                    }

                    if (fromServer && Volatile.Read(ref usageInsertPending.Value) && chunk.IndexOf(InsertTag) >= 0)
                    {
                        Volatile.Write(ref usageInsertPending.Value, false);
                        if (Interlocked.Exchange(ref _cutNext, 0) == 1)
                        {
                            // The server committed and answered; the instance never hears it.
                            from.Socket.Close();
                            to.Socket.Close();
                            _cut.TrySetResult();
                            return;
                        }

                        if (_cut.Task.IsCompleted)
                        {
                            // Passed on before it is signalled, so the commit it reports is done when the test looks.
                            await to.WriteAsync(buffer.AsMemory(0, read));
                            _replyAfterCut.TrySetResult();
                            continue;
                        }
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
