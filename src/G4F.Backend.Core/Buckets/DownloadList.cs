using System.Text.Json;

namespace G4F.Backend.Buckets;

/// <summary>
/// Reads a bucket's <c>downloads.json</c> (PROTOCOL 6.6): a list of <c>{"url": ...}</c> or
/// <c>{"urls": [...], "max_depth": n}</c>. Only <c>url</c>, <c>urls</c> and <c>max_depth</c> are read; every other key
/// (the original's <c>proxy</c>, <c>timeout</c>, ...) is ignored, so a list can never steer the server's connections.
/// </summary>
internal static class DownloadList
{
    /// <summary>The entries in order; <c>max_depth</c> is lowered to <paramref name="maxDepth"/>, absent means 0.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static List<DownloadListEntry> Parse(ReadOnlySpan<byte> json, int maxDepth)
    {
        using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        var entries = new List<DownloadListEntry>();
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return entries;
        }

        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var depth = DepthOf(item, maxDepth);
            if (item.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
            {
                entries.Add(new DownloadListEntry(url.GetString()!, depth));
            }

            if (item.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array)
            {
                entries.AddRange(urls.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => new DownloadListEntry(u.GetString()!, depth)));
            }
        }

        return entries;
    }

    private static int DepthOf(JsonElement item, int maxDepth) =>
        item.TryGetProperty("max_depth", out var depth) && depth.ValueKind == JsonValueKind.Number && depth.TryGetDouble(out var value)
            ? (int)Math.Clamp(Math.Floor(value), 0, Math.Max(0, maxDepth))
            : 0;
}
