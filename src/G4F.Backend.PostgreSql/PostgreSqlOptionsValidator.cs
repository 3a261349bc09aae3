using Microsoft.Extensions.Options;

namespace G4F.Backend.PostgreSql;

/// <summary>Checks <see cref="PostgreSqlOptions"/> at start (generated from its data annotations).</summary>
[OptionsValidator]
internal sealed partial class PostgreSqlOptionsValidator : IValidateOptions<PostgreSqlOptions>;
