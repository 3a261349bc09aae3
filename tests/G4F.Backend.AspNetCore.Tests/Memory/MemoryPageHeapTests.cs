using G4F.Backend.AspNetCore.Tests.Buckets;
using G4F.Backend.Testing;
using Xunit.Abstractions;

namespace G4F.Backend.AspNetCore.Tests.Memory;

/// <summary>
/// The sample server as its own process answering a page and a search of large items from the embedded store: the page
/// is written as the store reads it, a bounded batch at a time, so a server whose heap is capped below what the page holds
/// answers it (before, the whole page was read into memory first, and the sample answered 500: out of memory).
/// </summary>
[Collection(ConversionMemoryCollection.Name)]
public sealed class MemoryPageHeapTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_page_or_search_of_large_items_is_answered_whole_in_a_heap_smaller_than_the_page()
    {
        var environment = new Dictionary<string, string>([LargeMemoryPages.HeapLimit]);
        await using var server = await SampleProcess.StartAsync(environment, "g4f-tests", TimeSpan.FromSeconds(90));

        var (listed, listPeak, found, searchPeak) = await LargeMemoryPages.ReadAsync(server);

        output.WriteLine($"page of {LargeMemoryPages.Items} items: peak +{listPeak / (1024 * 1024)} MiB; search: +{searchPeak / (1024 * 1024)} MiB");
        var heads = Enumerable.Range(0, LargeMemoryPages.Items).Select(i => $"lantern {i}").ToList();
        listed.Should().Equal(Enumerable.Reverse(heads), "the page is newest first, every item whole");
        found.Should().BeEquivalentTo(heads);
    }
}
