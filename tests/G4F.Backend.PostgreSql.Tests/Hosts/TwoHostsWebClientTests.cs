using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// The web client at <c>/chat/</c> fetched by two instances on one database: one fetch from the source serves both, and
/// neither data directory keeps anything of it.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class TwoHostsWebClientTests(PostgreSqlCluster cluster)
{
    private const string Repository = "/gpt4free/g4f.dev/refs/heads/main/";
    private const string Index = "<!DOCTYPE html><html><body>the shared client page</body></html>";
    private const string Script = "console.log('shared client script');";

    [Fact]
    public async Task A_client_file_fetched_through_one_host_is_served_by_the_other_and_neither_data_directory_keeps_it()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        await using var raw = await FakeFileServer.StartAsync();
        raw.MapText(Repository + "chat/index.html", "text/plain; charset=utf-8", Index);
        raw.MapText(Repository + "dist/js/chat.v1.js", "text/plain; charset=utf-8", Script);
        var first = Host(database.ConnectionString, raw);
        var second = Host(database.ConnectionString, raw);
        try
        {
            var fromFirst = await first.CreateClient().GetAsync("/chat/");
            (await first.CreateClient().GetStringAsync("/dist/js/chat.v1.js")).Should().Be(Script);

            var fromSecond = await second.CreateClient().GetAsync("/chat/");
            (await second.CreateClient().GetStringAsync("/dist/js/chat.v1.js")).Should().Be(Script);

            fromFirst.StatusCode.Should().Be(HttpStatusCode.OK);
            fromSecond.StatusCode.Should().Be(HttpStatusCode.OK);
            (await fromSecond.Content.ReadAsStringAsync()).Should().Be(Index);
            fromSecond.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
            fromSecond.Headers.ETag.Should().Be(fromFirst.Headers.ETag, "both serve the one stored copy");
            raw.Requests.Should().Equal([Repository + "chat/index.html", Repository + "dist/js/chat.v1.js"], "the second host fetched nothing");
            HeldFiles(first.DataDirectory).Concat(HeldFiles(second.DataDirectory)).Should().BeEmpty("nothing of the client is kept on disk while running");

            await first.DisposeAsync();
            await second.DisposeAsync();

            new[] { first.DataDirectory, second.DataDirectory }.Where(Directory.Exists)
                .SelectMany(folder => Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
                .Should().BeEmpty("on PostgreSQL a clean stop leaves nothing in the data directory, the client's files included");
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            foreach (var folder in new[] { first.DataDirectory, second.DataDirectory }.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    // Every file under the data directory that holds the client's bytes, or sits where a web client cache would.
    private static IEnumerable<string> HeldFiles(string dataDirectory) => !Directory.Exists(dataDirectory)
        ? []
        : Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
            .Where(path => path.Contains("webclient", StringComparison.Ordinal) || path.Contains("web-client", StringComparison.Ordinal)
                || Encoding.UTF8.GetString(File.ReadAllBytes(path)) is var text && (text.Contains(Index, StringComparison.Ordinal) || text.Contains(Script, StringComparison.Ordinal)))
            .ToList();

    // The sample reads G4F:PostgreSql:ConnectionString before the test host's settings apply: the step is added here.
    private static BackendFactory Host(string connectionString, FakeFileServer raw) => new(
        new Dictionary<string, string?>
        {
            ["G4F:Gui:BaseUrl"] = raw.BaseUrl + Repository,
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
        },
        services => services.AddG4FBackend().UsePostgreSql(connectionString))
    {
        KeepDataDirectory = true,
    };
}
