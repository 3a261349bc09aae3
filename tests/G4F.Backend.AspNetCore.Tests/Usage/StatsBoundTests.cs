using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Usage;

/// <summary>
/// Issue 11: whatever names clients post, <c>/stats</c> answers (and holds) a bounded number of groups of bounded names,
/// and its groups still add up to its totals.
/// </summary>
public sealed class StatsBoundTests
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Names_of_20_KB_are_refused_with_400_and_the_stats_stay_small()
    {
        // The audit's repro: 300 lines, each naming a new 20 KB model, provider and user (18 MB of names).
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        for (var i = 0; i < 300; i++)
        {
            var name = i.ToString("D6", CultureInfo.InvariantCulture) + new string('m', 20_000);
            using var posted = await client.PostAsync("/backend-api/v2/usage", Json($$"""{"model":"{{name}}","provider":"{{name}}","user":"{{name}}","total_tokens":1}"""));
            posted.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await posted.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"user is longer than 256 bytes"}}""");
        }

        var stats = await client.GetByteArrayAsync("/backend-api/v2/stats");

        stats.Length.Should().BeLessThan(1024 * 1024);
        JsonDocument.Parse(stats).RootElement.GetProperty("totals").GetProperty("requests").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_name_of_256_bytes_is_kept_and_one_byte_more_is_refused_for_each_field()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        // "é" is two bytes in UTF-8: 128 of them are 256 bytes, in 128 characters.
        var longest = new string('é', 128);
        using (var kept = await client.PostAsync("/backend-api/v2/usage", Json($$"""{"model":"{{longest}}","provider":"{{longest}}","user":"{{longest}}","total_tokens":1}""")))
        {
            kept.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        foreach (var field in new[] { "model", "provider", "user" })
        {
            using var refused = await client.PostAsync("/backend-api/v2/usage", Json($$"""{"{{field}}":"{{longest}}x","total_tokens":1}"""));
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await refused.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{field}}} is longer than 256 bytes"}}""");
        }

        // The x-user header is the client's name too when the body names no user.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/backend-api/v2/usage") { Content = Json("""{"total_tokens":1}""") };
        request.Headers.TryAddWithoutValidation("x-user", new string('u', 257));
        using (var header = await client.SendAsync(request))
        {
            header.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        var stats = JsonDocument.Parse(await client.GetStringAsync("/backend-api/v2/stats")).RootElement;
        stats.GetProperty("totals").GetProperty("requests").GetInt64().Should().Be(1);
        stats.GetProperty("models").EnumerateObject().Select(p => p.Name).Should().Equal(longest);
    }

    [Fact]
    public async Task A_name_that_is_not_valid_unicode_is_still_the_invalid_json_400()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        foreach (var field in new[] { "model", "provider", "user" })
        {
            using var refused = await client.PostAsync("/backend-api/v2/usage", Json($$"""{"{{field}}":"\ud800","total_tokens":1}"""));
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await refused.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Invalid JSON data"}}""");
        }
    }

    [Fact]
    public async Task Stats_list_at_most_100_groups_a_dimension_plus_other_and_the_groups_add_up_to_the_totals()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        // 300 lines, each naming a new model, provider and user of 250 bytes; line i has i + 1 tokens.
        for (var i = 0; i < 300; i++)
        {
            var name = i.ToString("D6", CultureInfo.InvariantCulture) + new string('m', 244);
            using var posted = await client.PostAsync("/backend-api/v2/usage", Json($$"""{"model":"{{name}}","provider":"{{name}}","user":"{{name}}","total_tokens":{{i + 1}}}"""));
            posted.EnsureSuccessStatusCode();
        }

        var body = await client.GetByteArrayAsync("/backend-api/v2/stats");
        var stats = JsonDocument.Parse(body).RootElement;

        // 303 groups of 250-byte names were 300 KB; 303 now (101 a dimension) is about a third of that.
        body.Length.Should().BeLessThan(128 * 1024);
        var totals = stats.GetProperty("totals");
        totals.GetProperty("requests").GetInt64().Should().Be(300);
        totals.GetProperty("total_tokens").GetInt64().Should().Be(300 * 301 / 2);
        foreach (var dimension in new[] { "models", "providers", "users" })
        {
            var groups = stats.GetProperty(dimension).EnumerateObject().ToList();
            groups.Should().HaveCount(101);
            // The other group holds lines 0..199 (1 + ... + 200 tokens), more than any listed one, so it comes first.
            groups[0].Name.Should().Be("other");
            groups[0].Value.GetProperty("requests").GetInt64().Should().Be(200);
            groups[0].Value.GetProperty("total_tokens").GetInt64().Should().Be(200 * 201 / 2);
            groups[1].Name.Should().StartWith("000299");
            groups.Sum(g => g.Value.GetProperty("requests").GetInt64()).Should().Be(300);
            groups.Sum(g => g.Value.GetProperty("total_tokens").GetInt64()).Should().Be(300 * 301 / 2);
        }
    }
}
