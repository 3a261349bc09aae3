using System.ComponentModel.DataAnnotations;

namespace G4F.Backend.PostgreSql;

/// <summary>Where the backend's stores live when they live in PostgreSQL: the <c>G4F:PostgreSql</c> section.</summary>
public sealed class PostgreSqlOptions
{
    /// <summary>The configuration key of <see cref="ConnectionString"/>, as start-up errors name it.</summary>
    public const string ConnectionStringKey = "G4F:PostgreSql:ConnectionString";

    /// <summary>
    /// An Npgsql connection string in keyword form, for example
    /// <c>Host=db;Port=5432;Database=g4f;Username=g4f;Password=...</c>. The role needs no superuser and no CREATEDB:
    /// owning its database is enough, the schema is created and upgraded at start.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "G4F:PostgreSql:ConnectionString must not be empty.")]
    public string ConnectionString { get; set; } = "";
}
