using System.Text;

namespace G4F.Backend.Testing;

/// <summary>
/// A user's memory of large items in a running sample whose GC heap is capped well below what one page of them holds,
/// read back as one page and as one search: the memory stores must answer them whole without holding the page in
/// memory (a store that does runs out of memory, which fails the request). The peak resident set each read added is
/// measured for the record: it moves with the collector's timing, so the cap, not the peak, is what a test asserts.
/// Shared by the embedded store's test and the PostgreSQL store's.
/// </summary>
public static class LargeMemoryPages
{
    /// <summary>How many items the user has.</summary>
    public const int Items = 96;

    /// <summary>The characters of each item (ASCII): the page holds <see cref="Items"/> times this.</summary>
    public const int ItemChars = 1_500_000;

    /// <summary>
    /// The sample's GC heap cap (<c>DOTNET_GCHeapHardLimit</c>, 256 MiB): a page of the items is 144 MB of UTF-8 and 288 MB
    /// as strings, while the sample runs in some 15 MiB of heap and a batch of large items takes tens of MiB with the
    /// buffers that carry it (the cap leaves room for the large object heap's fragmentation: 128 MiB did not, now and then).
    /// </summary>
    public static readonly KeyValuePair<string, string> HeapLimit = new("DOTNET_GCHeapHardLimit", "0x10000000");

    /// <summary>Stores the items for one user, then reads the page of all of them and a search that finds all of them.</summary>
    /// <param name="server">The sample.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The items' heads (<c>lantern {i}</c>) as the page and the search gave them, each checked whole, and the peak each read added, in bytes.</returns>
    public static async Task<(List<string> Listed, long ListPeak, List<string> Found, long SearchPeak)> ReadAsync(SampleProcess server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        const string User = "/backend-api/v2/memory/hoarder";
        for (var i = 0; i < Items; i++)
        {
            // Two words to index: the rest is one run too long to be a word.
            var body = $$"""{"id":"c{{i}}","items":[{"role":"user","content":"lantern {{i}} {{new string('x', ItemChars)}}"}]}""";
            using var posted = await client.PostAsync(User, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
            posted.EnsureSuccessStatusCode();
        }

        var page = $"{User}?page_size={Items}";
        var search = $"{User}?search=lantern&page_size={Items}";
        await HeadsAsync(client, page, cancellationToken).ConfigureAwait(false);
        var (listed, listPeak) = await MeasureAsync(server, () => HeadsAsync(client, page, cancellationToken)).ConfigureAwait(false);
        var (found, searchPeak) = await MeasureAsync(server, () => HeadsAsync(client, search, cancellationToken)).ConfigureAwait(false);
        return (listed, listPeak, found, searchPeak);
    }

    private static async Task<(T Result, long PeakAdded)> MeasureAsync<T>(SampleProcess server, Func<Task<T>> read)
    {
        var before = server.ResidentBytes;
        server.ResetPeak();
        var result = await read().ConfigureAwait(false);
        return (result, Math.Max(0, server.PeakBytes - before));
    }

    /// <summary>
    /// The heads of the answer's items, read as the answer arrives (a page of these items is more than a test host should
    /// hold): each item's text is the string after <c>"memory":"</c>, ASCII without quotes or escapes as it was stored.
    /// An item cut short throws.
    /// </summary>
    private static async Task<List<string>> HeadsAsync(HttpClient client, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var marker = "\"memory\":\""u8.ToArray();
            var heads = new List<string>();
            var buffer = new byte[64 * 1024];
            var (matched, length) = (0, 0L);
            StringBuilder? text = null;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (text is null)
                    {
                        matched = b == marker[matched] ? matched + 1 : b == marker[0] ? 1 : 0;
                        (text, matched, length) = matched == marker.Length ? (new StringBuilder(), 0, 0L) : (null, matched, length);
                    }
                    else if (b != (byte)'"')
                    {
                        length++;
                        text.Append(text.Length < 32 ? (char)b : string.Empty);
                    }
                    else
                    {
                        var head = text.ToString();
                        head = head[..Math.Max(0, head.IndexOf(" x", StringComparison.Ordinal))];
                        if (length != head.Length + 1 + ItemChars)
                        {
                            throw new InvalidDataException($"An item of {pathAndQuery} came back cut: {length} characters.");
                        }

                        heads.Add(head);
                        text = null;
                    }
                }
            }

            return heads;
        }
    }
}
