using System.Text.Json.Serialization;

namespace G4F.Backend.Usage;

/// <summary>
/// The body of <c>GET /stats</c> (PROTOCOL 5.3). <see cref="Models"/>, <see cref="Providers"/> and
/// <see cref="Users"/> enumerate by total tokens, largest first, then by name (ordinal), so equal input
/// always gives equal output.
/// </summary>
/// <param name="Days">Only the days with requests, oldest first.</param>
/// <param name="Models">Counts per model; a line without a model counts as <c>unknown</c>.</param>
/// <param name="Providers">Counts per provider; a line without a provider counts as <c>unknown</c>.</param>
/// <param name="Users">Counts per user; a line without a user counts as <c>unknown</c>.</param>
/// <param name="Totals">Counts of every line in the window.</param>
public sealed record UsageStatistics(
    [property: JsonPropertyName("days")] IReadOnlyList<UsageDay> Days,
    [property: JsonPropertyName("models")] IReadOnlyDictionary<string, UsageTotals> Models,
    [property: JsonPropertyName("providers")] IReadOnlyDictionary<string, UsageTotals> Providers,
    [property: JsonPropertyName("users")] IReadOnlyDictionary<string, UsageTotals> Users,
    [property: JsonPropertyName("totals")] UsageTotals Totals);
