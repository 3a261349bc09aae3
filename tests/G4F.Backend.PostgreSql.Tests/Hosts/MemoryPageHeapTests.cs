using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Xunit.Abstractions;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// The sample on PostgreSQL answering a page and a search of large items: the statement sends the texts of one bounded
/// batch and the rest are read batch by batch as the answer is written, so a server whose heap is capped below what the
/// page holds answers it (before, the whole page was read into memory first, and the sample answered 500: out of memory).
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class MemoryPageHeapTests(PostgreSqlCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_page_or_search_of_large_items_is_answered_whole_in_a_heap_smaller_than_the_page()
    {
        var database = await cluster.NewDatabaseAsync();
        var environment = new Dictionary<string, string>([LargeMemoryPages.HeapLimit]) { ["G4F__PostgreSql__ConnectionString"] = database.ConnectionString };
        await using var server = await SampleProcess.StartAsync(environment, "g4f-pg-sample", TimeSpan.FromSeconds(90));

        var (listed, listPeak, found, searchPeak) = await LargeMemoryPages.ReadAsync(server);

        output.WriteLine($"page of {LargeMemoryPages.Items} items: peak +{listPeak / (1024 * 1024)} MiB; search: +{searchPeak / (1024 * 1024)} MiB");
        var heads = Enumerable.Range(0, LargeMemoryPages.Items).Select(i => $"lantern {i}").ToList();
        listed.Should().Equal(Enumerable.Reverse(heads), "the page is newest first, every item whole");
        found.Should().BeEquivalentTo(heads);
    }
}
