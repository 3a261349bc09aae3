using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>With <c>UseCallerIdentity</c>, usage lines name the authenticated user and each user sees their own.</summary>
public sealed class UsageOwnershipTests : TwoUserTests
{
    private const string Day = "/backend-api/v2/usage/" + IdentityHost.Today;

    private static async Task PostUsageAsync(HttpClient client, string json, string? xUser = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/backend-api/v2/usage") { Content = IdentityHost.Json(json) };
        if (xUser is not null)
        {
            request.Headers.Add("x-user", xUser);
        }

        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static JsonElement Stats(string body) => JsonDocument.Parse(body).RootElement;

    [Fact]
    public async Task A_posted_line_records_the_caller_whatever_the_header_and_body_say()
    {
        await PostUsageAsync(Alice, """{"model":"m","user":"bob","total_tokens":5}""", xUser: "bob");

        File.ReadAllText(Host.UsageFile).Should().Be("""{"user":"alice","model":"m","total_tokens":5}""" + "\n");
    }

    [Fact]
    public async Task Conversation_turns_and_create_record_the_caller_not_the_bodys_user()
    {
        await Bob.ConverseAsync("""{"model":"fake-model","provider":"Fake","user":"alice","messages":[{"role":"user","content":"Hi"}]}""");
        (await Alice.GetStringAsync("/backend-api/v2/create?prompt=Hi&provider=Fake&model=fake-model")).Should().Be("Hello world");

        // Turns record their line off the request's path: wait for both, with a generous bound.
        var lines = await WaitForLinesAsync(2);
        lines.Select(l => (string?)l["user"]).Should().BeEquivalentTo(["bob", "alice"]);
    }

    [Fact]
    public async Task Each_user_reads_only_their_own_lines_of_a_day_and_their_own_statistics()
    {
        await PostUsageAsync(Alice, """{"model":"a","total_tokens":10}""");
        await PostUsageAsync(Bob, """{"model":"b","total_tokens":100}""");
        await PostUsageAsync(Alice, """{"model":"a","total_tokens":1}""");

        (await Alice.GetStringAsync(Day)).Should().Be(
            """{"user":"alice","model":"a","total_tokens":10}""" + "\n" + """{"user":"alice","model":"a","total_tokens":1}""" + "\n");
        (await Bob.GetStringAsync(Day)).Should().Be("""{"user":"bob","model":"b","total_tokens":100}""" + "\n");
        // Carol has no line that day: for her there is no usage, as for a day nobody used.
        (await IdentityHost.SendAsync(Host.ClientFor("carol"), HttpMethod.Get, Day))
            .Should().Be((HttpStatusCode.NotFound, """{"error":{"message":"No usage data found for this date"}}"""));

        var alice = Stats(await Alice.GetStringAsync("/backend-api/v2/stats"));
        alice.GetProperty("totals").GetProperty("total_tokens").GetInt64().Should().Be(11);
        alice.GetProperty("users").EnumerateObject().Select(p => p.Name).Should().Equal("alice");
        // Asking for another user's statistics still shows one's own.
        var asBob = Stats(await Alice.GetStringAsync("/backend-api/v2/stats?user=bob"));
        asBob.GetProperty("totals").GetProperty("total_tokens").GetInt64().Should().Be(11);
        asBob.GetProperty("users").EnumerateObject().Select(p => p.Name).Should().Equal("alice");
    }

    [Fact]
    public async Task An_administrator_sees_every_users_lines_and_may_filter_them()
    {
        await PostUsageAsync(Alice, """{"model":"a","total_tokens":10}""");
        await PostUsageAsync(Bob, """{"model":"b","total_tokens":100}""");
        var admin = Host.ClientFor("root", admin: true);

        (await admin.GetStringAsync(Day)).Should().Be(File.ReadAllText(Host.UsageFile));
        var all = Stats(await admin.GetStringAsync("/backend-api/v2/stats"));
        all.GetProperty("users").EnumerateObject().Select(p => p.Name).Should().Equal("bob", "alice");
        all.GetProperty("totals").GetProperty("total_tokens").GetInt64().Should().Be(110);
        var bob = Stats(await admin.GetStringAsync("/backend-api/v2/stats?user=bob"));
        bob.GetProperty("totals").GetProperty("total_tokens").GetInt64().Should().Be(100);
    }

    [Fact]
    public async Task An_anonymous_caller_may_not_post_or_read_usage_but_may_converse_and_its_turn_names_no_user()
    {
        var anonymous = Host.ClientFor(null);
        var unauthorized = (HttpStatusCode.Unauthorized, """{"error":{"message":"Authentication required"}}""");
        await PostUsageAsync(Alice, """{"model":"a","total_tokens":10}""");

        (await IdentityHost.SendAsync(anonymous, HttpMethod.Post, "/backend-api/v2/usage", IdentityHost.Json("""{"model":"m","user":"alice"}"""))).Should().Be(unauthorized);
        (await IdentityHost.SendAsync(anonymous, HttpMethod.Get, Day)).Should().Be(unauthorized);
        (await IdentityHost.SendAsync(anonymous, HttpMethod.Get, "/backend-api/v2/stats")).Should().Be(unauthorized);

        await anonymous.ConverseAsync("""{"model":"fake-model","provider":"Fake","user":"alice","messages":[{"role":"user","content":"Hi"}]}""");
        var lines = await WaitForLinesAsync(2);
        lines[1]["user"].Should().BeNull("an anonymous turn is nobody's, least of all the user its body names");
        Stats(await Alice.GetStringAsync("/backend-api/v2/stats")).GetProperty("totals").GetProperty("requests").GetInt64().Should().Be(1);
    }

    private async Task<JsonObject[]> WaitForLinesAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lines = File.Exists(Host.UsageFile) ? File.ReadAllLines(Host.UsageFile) : [];
            if (lines.Length >= count || DateTime.UtcNow > deadline)
            {
                lines.Should().HaveCount(count);
                return [.. lines.Select(l => JsonNode.Parse(l)!.AsObject())];
            }

            await Task.Delay(20);
        }
    }
}
