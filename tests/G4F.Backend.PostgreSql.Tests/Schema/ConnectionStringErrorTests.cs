using G4F.Backend.PostgreSql.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.PostgreSql.Tests.Schema;

/// <summary>A malformed connection string stops the host naming its key, never carrying its password into the start-up error.</summary>
public sealed class ConnectionStringErrorTests
{
    [Theory]
    // The URL form hosted databases hand out (DATABASE_URL), pasted into G4F:PostgreSql:ConnectionString.
    [InlineData("postgres://g4f:s3cretpw@db.example.com:5432/g4f?sslmode=require", "postgres://user:password@host/db is not accepted")]
    // A password holding an unquoted ';': Npgsql takes the rest for a keyword.
    [InlineData("Host=db;Username=g4f;Password=abc;s3cretpw=x", "must be quoted")]
    public void A_malformed_connection_string_is_refused_without_its_password(string connectionString, string hint)
    {
        var create = () => new PostgreSqlDatabase(Options.Create(new PostgreSqlOptions { ConnectionString = connectionString }), NullLogger<PostgreSqlDatabase>.Instance);

        var error = create.Should().Throw<InvalidOperationException>().Which;
        error.Message.Should().StartWith($"{PostgreSqlOptions.ConnectionStringKey} is not a valid Npgsql connection string").And.Contain(hint);
        error.ToString().Should().NotContain("s3cretpw", "a start-up error is logged and printed; it must not carry the password");
    }
}
