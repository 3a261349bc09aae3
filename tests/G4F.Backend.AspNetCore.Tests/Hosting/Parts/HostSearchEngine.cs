using G4F.Backend.Search;

namespace G4F.Backend.AspNetCore.Tests.Hosting.Parts;

/// <summary>A host's engine under the built-in default's name, so it replaces DuckDuckGo without any setting.</summary>
internal sealed class HostSearchEngine : IWebSearch
{
    public const string Title = "From the host's engine";

    public string Name => "DuckDuckGo";

    public Task<IReadOnlyList<WebSearchHit>> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WebSearchHit>>([new WebSearchHit(Title, "https://example.invalid/host", "What the host's engine found.")]);
}
