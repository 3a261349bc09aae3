using G4F.Backend.Search;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>A host's engine: fixed results, or a fixed failure; counts its calls.</summary>
internal sealed class FixedWebSearch(string name, params WebSearchHit[] hits) : IWebSearch
{
    private int _calls;

    public string Name => name;

    public Exception? Failure { get; init; }

    public int Calls => _calls;

    public List<WebSearchQuery> Queries { get; } = [];

    public Task<IReadOnlyList<WebSearchHit>> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Queries)
        {
            Queries.Add(query);
        }

        return Failure is null ? Task.FromResult<IReadOnlyList<WebSearchHit>>(hits) : Task.FromException<IReadOnlyList<WebSearchHit>>(Failure);
    }
}
