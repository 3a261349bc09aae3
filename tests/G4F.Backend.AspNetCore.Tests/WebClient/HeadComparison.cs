namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>HEAD against GET on one path: the same status and headers (but the date), and no body.</summary>
internal static class HeadComparison
{
    public static async Task AnswersLikeGetWithoutABodyAsync(HttpClient client, string path)
    {
        using var get = await client.GetAsync(path);
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, path);
        using var head = await client.SendAsync(headRequest);

        head.StatusCode.Should().Be(get.StatusCode, "HEAD {0} answers as GET does", path);
        HeadersOf(head).Should().BeEquivalentTo(HeadersOf(get), "HEAD {0} sends GET's headers", path);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty("HEAD {0} has no body", path);
        (await get.Content.ReadAsByteArrayAsync()).Should().NotBeEmpty("GET {0} has one", path);
    }

    private static Dictionary<string, string> HeadersOf(HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(header => !header.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(header => header.Key.ToLowerInvariant(), header => string.Join(", ", header.Value));
}
