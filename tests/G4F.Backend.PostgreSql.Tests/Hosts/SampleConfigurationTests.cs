using System.Net;
using System.Net.Http.Headers;
using System.Text;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// The unchanged sample, as a real process, moves its stores into PostgreSQL with the environment variable alone
/// (<c>G4F__PostgreSql__ConnectionString</c>): no <c>UsePostgreSql</c> call of a test in between.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class SampleConfigurationTests(PostgreSqlCluster cluster)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_connection_string_in_the_environment_alone_puts_uploads_shares_and_memory_into_the_database()
    {
        var database = await cluster.NewDatabaseAsync();
        var environment = new Dictionary<string, string> { ["G4F__PostgreSql__ConnectionString"] = database.ConnectionString };
        await using var first = await SampleProcess.StartAsync(environment, "g4f-pg-sample", StartTimeout);
        await using var second = await SampleProcess.StartAsync(environment, "g4f-pg-sample", StartTimeout);
        using var a = new HttpClient { BaseAddress = new Uri(first.BaseUrl) };
        using var b = new HttpClient { BaseAddress = new Uri(second.BaseUrl) };
        var bucket = Guid.NewGuid().ToString();

        using (var form = new MultipartFormDataContent("sample-config") { { Text("the kettle sings at dawn"), "files", "notes.txt" } })
        {
            (await a.PostAsync($"/backend-api/v2/files/{bucket}", form)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await a.PostAsync($"/backend-api/v2/chat/{bucket}", Json("""{"id":"c","items":[{"role":"user","content":"hi"}],"updated":1755780123456}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await a.PostAsync("/backend-api/v2/memory/kim", Json("""{"id":"c1","items":[{"role":"user","content":"the heron waits"}]}"""))).StatusCode.Should().Be(HttpStatusCode.OK);

        // The other process, with a data directory of its own, serves all three.
        (await b.GetStringAsync($"/backend-api/v2/files/{bucket}?delete_files=")).Should().Contain("the kettle sings at dawn");
        (await b.GetStringAsync($"/backend-api/v2/chat/{bucket}")).Should().Contain("1755780123456");
        (await b.GetStringAsync("/backend-api/v2/memory/kim?search=heron")).Should().Contain("the heron waits");

        // They are rows of the database ...
        (await CountAsync(database.ConnectionString, "SELECT count(*) FROM g4f_chat_shares WHERE share_id = $1", bucket)).Should().Be(1);
        (await CountAsync(database.ConnectionString, "SELECT count(*) FROM g4f_blobs WHERE bucket_id = $1 AND released_at IS NULL", bucket)).Should().BeGreaterThan(0);
        (await CountAsync(database.ConnectionString, "SELECT count(*) FROM g4f_memories", null)).Should().Be(1);

        // ... and no file of a store is in either data directory (the staging folder may exist, empty, for uploads).
        foreach (var directory in new[] { first.DataDirectory, second.DataDirectory })
        {
            var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories) : [];
            files.Should().BeEmpty($"{directory} holds no store files when the stores are in PostgreSQL");
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql, string? parameter)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.Add(new() { Value = parameter });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static ByteArrayContent Text(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        return content;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
