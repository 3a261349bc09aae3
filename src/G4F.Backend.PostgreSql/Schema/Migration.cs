namespace G4F.Backend.PostgreSql.Schema;

/// <summary>One step of the schema: applied once, in order, recorded in <c>g4f_schema_version</c>.</summary>
/// <param name="Version">Its number, one more than the step before.</param>
/// <param name="Name">What it adds, for the log.</param>
/// <param name="Sql">The statements; a released step never changes (a later step alters what it made).</param>
internal sealed record Migration(int Version, string Name, string Sql);
