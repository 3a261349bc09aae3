using System.Net;
using System.Net.Http.Headers;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Usage;

/// <summary><c>/usage</c>, <c>/usage/{date}</c>, <c>/stats</c> and <c>/log</c> through the sample host, on a fake clock.</summary>
public sealed class UsageEndpointTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Today = new(2026, 8, 20, 12, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _time = new(Today);
    private BackendFactory? _factory;
    private HttpClient? _client;

    /// <summary>The host, started on first use with the clock as it is then.</summary>
    private BackendFactory Factory => _factory ??= new BackendFactory(
        new Dictionary<string, string?> { ["G4F:Usage:MaxBodyBytes"] = "1024" },
        services => services.AddSingleton<TimeProvider>(_time));

    private HttpClient Client => _client ??= Factory.CreateClient();

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xunit 2 never calls IAsyncDisposable on a test class, so every host of this
    // class stayed running to the end of the run.
    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>Starts the clock in the past (a fake clock only moves forward); call before the first request.</summary>
    private void StartDaysAgo(int days) => _time = new FakeTimeProvider(Today.AddDays(-days));

    private void SetDaysAgo(int days) => _time.SetUtcNow(Today.AddDays(-days));

    private string UsageFile(string date) => Path.Combine(Factory.DataDirectory, "usage", date + ".jsonl");

    private string LogFile(string date) => Path.Combine(Factory.DataDirectory, "logs", date + ".jsonl");

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? contentType = "application/json", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    private static async Task ShouldBeError(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{message}}}"}}""");
    }

    [Fact]
    public async Task Posted_usage_is_appended_with_the_x_user_header_first()
    {
        using var response = await PostAsync("/backend-api/v2/usage", """{"model":"gpt-4o-mini","provider":"OpenRouter","total_tokens":3}""", headers: ("x-user", "ann"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be("{}");
        File.ReadAllText(UsageFile("2026-08-20")).Should().Be("""{"user":"ann","model":"gpt-4o-mini","provider":"OpenRouter","total_tokens":3}""" + "\n");
    }

    [Fact]
    public async Task A_user_in_the_body_wins_and_without_header_the_user_is_unknown()
    {
        (await PostAsync("/backend-api/v2/usage", """{"model":"m","user":"body-user"}""", headers: ("x-user", "header-user"))).Dispose();
        (await PostAsync("/backend-api/v2/usage", """{"model":"m","user":null}""", headers: ("x-user", "header-user"))).Dispose();
        (await PostAsync("/backend-api/v2/usage", """{"model":"m"}""")).Dispose();
        (await PostAsync("/backend-api/v2/usage", """{"model":"m"}""", headers: ("x-user", ""))).Dispose();

        File.ReadAllLines(UsageFile("2026-08-20")).Should().Equal(
            """{"model":"m","user":"body-user"}""",
            """{"model":"m","user":null}""",
            """{"user":"unknown","model":"m"}""",
            """{"user":"unknown","model":"m"}""");
    }

    [Fact]
    public async Task Usage_without_a_content_type_is_read_as_json()
    {
        using var response = await PostAsync("/backend-api/v2/usage", """{"model":"m"}""", contentType: null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        File.ReadAllLines(UsageFile("2026-08-20")).Should().Equal("""{"user":"unknown","model":"m"}""");
    }

    [Theory]
    [InlineData("/backend-api/v2/usage")]
    [InlineData("/backend-api/v2/log")]
    public async Task Bad_bodies_are_refused_with_the_json_envelope_and_nothing_is_written(string path)
    {
        await ShouldBeError(await PostAsync(path, "{not json"), HttpStatusCode.BadRequest, "Invalid JSON data");
        await ShouldBeError(await PostAsync(path, "[1,2]"), HttpStatusCode.BadRequest, "Invalid JSON data");
        await ShouldBeError(await PostAsync(path, "\"text\""), HttpStatusCode.BadRequest, "Invalid JSON data");
        await ShouldBeError(await PostAsync(path, ""), HttpStatusCode.BadRequest, "Invalid JSON data");
        await ShouldBeError(await PostAsync(path, """{"user":"a","user":"b"}"""), HttpStatusCode.BadRequest, "Invalid JSON data");
        await ShouldBeError(await PostAsync(path, """{"a":"\ud800"}"""), HttpStatusCode.BadRequest, "Invalid JSON data");
        await ShouldBeError(await PostAsync(path, """{"\udc00":1}"""), HttpStatusCode.BadRequest, "Invalid JSON data");
        await ShouldBeError(await PostAsync(path, """{"model":"m"}""", "text/plain"), HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json");
        await ShouldBeError(await PostAsync(path, $$"""{"pad":"{{new string('x', 1100)}}"}"""), HttpStatusCode.RequestEntityTooLarge, "Request body is larger than 1024 bytes");

        Directory.Exists(Path.Combine(Factory.DataDirectory, "usage")).Should().BeFalse();
        Directory.Exists(Path.Combine(Factory.DataDirectory, "logs")).Should().BeFalse();
    }

    [Fact]
    public async Task A_day_is_served_as_raw_text_lines()
    {
        (await PostAsync("/backend-api/v2/usage", """{"model":"a","note":"ü <b>"}""", headers: ("x-user", "ann"))).Dispose();
        (await PostAsync("/backend-api/v2/usage", """{"model":"b"}""")).Dispose();

        using var response = await Client.GetAsync("/backend-api/v2/usage/2026-08-20");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"user":"ann","model":"a","note":"\u00FC \u003Cb\u003E"}""" + "\n" + """{"user":"unknown","model":"b"}""" + "\n");
    }

    [Fact]
    public async Task A_day_without_usage_is_404()
    {
        await ShouldBeError(await Client.GetAsync("/backend-api/v2/usage/2026-08-19"), HttpStatusCode.NotFound, "No usage data found for this date");
    }

    [Theory]
    [InlineData("2026-8-20")]
    [InlineData("20260820")]
    [InlineData("2026-08-20x")]
    [InlineData("x2026-08-20")]
    [InlineData("2026_08_20")]
    [InlineData("abcd-ef-gh")]
    [InlineData("..%2F..%2Fsecret")]
    [InlineData("%2E%2E%2Fusage%2F2026")]
    [InlineData("２０２６-08-20")]
    [InlineData("+026-08-20")]
    public async Task A_date_not_in_yyyy_mm_dd_form_is_400_invalid_date_format(string date)
    {
        await ShouldBeError(await Client.GetAsync($"/backend-api/v2/usage/{date}"), HttpStatusCode.BadRequest, "Invalid date format");
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("2025-02-29")]
    [InlineData("0000-01-01")]
    public async Task A_date_that_does_not_exist_is_400_invalid_date(string date)
    {
        await ShouldBeError(await Client.GetAsync($"/backend-api/v2/usage/{date}"), HttpStatusCode.BadRequest, "Invalid date");
    }

    [Fact]
    public async Task Stats_aggregate_the_posted_usage_of_the_last_days()
    {
        StartDaysAgo(2);
        (await PostAsync("/backend-api/v2/usage", """{"model":"gpt-4o-mini","provider":"OpenRouter","prompt_tokens":10,"completion_tokens":20,"total_tokens":30}""", headers: ("x-user", "ann"))).Dispose();
        (await PostAsync("/backend-api/v2/usage", """{"model":"llama3","provider":"Ollama","prompt_tokens":5,"completion_tokens":5}""", headers: ("x-user", "bob"))).Dispose();
        SetDaysAgo(0);
        (await PostAsync("/backend-api/v2/usage", """{"model":"gpt-4o-mini","provider":"OpenRouter","prompt_tokens":100,"completion_tokens":50,"total_tokens":150,"saved_tokens":7}""")).Dispose();
        (await PostAsync("/backend-api/v2/usage", """{"model":null,"provider":7,"prompt_tokens":"1","completion_tokens":"lots"}""", headers: ("x-user", "ann"))).Dispose();

        using var response = await Client.GetAsync("/backend-api/v2/stats");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        Newtonsoft.Json.Linq.JToken.Parse(await response.Content.ReadAsStringAsync()).MatchSnapshot();
    }

    [Fact]
    public async Task Stats_of_one_user_over_one_day()
    {
        StartDaysAgo(1);
        (await PostAsync("/backend-api/v2/usage", """{"model":"old","total_tokens":1000}""", headers: ("x-user", "ann"))).Dispose();
        SetDaysAgo(0);
        (await PostAsync("/backend-api/v2/usage", """{"model":"m","provider":"P","prompt_tokens":2,"completion_tokens":3}""", headers: ("x-user", "ann"))).Dispose();
        (await PostAsync("/backend-api/v2/usage", """{"model":"m","provider":"P","total_tokens":9}""", headers: ("x-user", "bob"))).Dispose();

        var json = await Client.GetStringAsync("/backend-api/v2/stats?days=1&user=ann");

        Newtonsoft.Json.Linq.JToken.Parse(json).MatchSnapshot();
    }

    [Theory]
    [InlineData("", 2)]
    [InlineData("?days=abc", 2)]
    [InlineData("?days=1.5", 2)]
    [InlineData("?days=", 2)]
    [InlineData("?days=1", 1)]
    [InlineData("?days=%201%20", 1)]
    [InlineData("?days=0", 1)]
    [InlineData("?days=-3", 1)]
    [InlineData("?days=-99999999999999999999", 1)]
    [InlineData("?days=2", 1)]
    [InlineData("?days=31", 2)]
    [InlineData("?days=400", 3)]
    [InlineData("?days=99999999999999999999", 3)]
    [InlineData("?days=1&days=400", 1)]
    public async Task Days_defaults_to_30_for_non_integers_and_is_clamped_to_1_to_365(string query, int requests)
    {
        // One request today, one 29 days ago (inside the default 30), one 364 days ago (inside 365 only).
        StartDaysAgo(364);
        foreach (var ago in (int[])[364, 29, 0])
        {
            SetDaysAgo(ago);
            (await PostAsync("/backend-api/v2/usage", """{"model":"m"}""")).Dispose();
        }

        var json = await Client.GetStringAsync("/backend-api/v2/stats" + query);

        System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("totals").GetProperty("requests").GetInt32().Should().Be(requests);
    }

    [Fact]
    public async Task Stats_without_any_usage_are_the_empty_shape()
    {
        var json = await Client.GetStringAsync("/backend-api/v2/stats?user=nobody");

        json.Should().Be("""{"days":[],"models":{},"providers":{},"users":{},"totals":{"requests":0,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0}}""");
    }

    [Fact]
    public async Task Stats_survive_a_damaged_usage_file()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(UsageFile("2026-08-20"))!);
        File.WriteAllText(UsageFile("2026-08-20"), "garbage\n[]\nnull\n{\"user\":null,\"model\":\"m\"}\n{\"user\":\"ann\",\"model\":\"m\",\"total_tokens\":\"x\"}\n{\"model\":{\"x\":1},\"prompt_tokens\":1e999}\n{\"model\":\"m\",\"pro");

        var json = await Client.GetStringAsync("/backend-api/v2/stats");

        json.Should().Be("""{"days":[{"date":"2026-08-20","requests":3,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0}],"models":{"m":{"requests":2,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0},"unknown":{"requests":1,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0}},"providers":{"unknown":{"requests":3,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0}},"users":{"ann":{"requests":1,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0},"unknown":{"requests":2,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0}},"totals":{"requests":3,"prompt_tokens":0,"completion_tokens":0,"saved_tokens":0,"total_tokens":0}}""");
    }

    [Fact]
    public async Task A_client_log_line_carries_the_origin_header()
    {
        using var response = await PostAsync("/backend-api/v2/log", """{"type":"error","message":"boom","provider":{"name":"P"}}""", headers: ("Origin", "http://localhost:1337"));
        (await PostAsync("/backend-api/v2/log", """{"type":"message"}""")).Dispose();
        (await PostAsync("/backend-api/v2/log", """{"origin":"from-body","type":"x"}""", headers: ("Origin", "http://other"))).Dispose();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("{}");
        File.ReadAllLines(LogFile("2026-08-20")).Should().Equal(
            """{"origin":"http://localhost:1337","type":"error","message":"boom","provider":{"name":"P"}}""",
            """{"origin":null,"type":"message"}""",
            """{"origin":"from-body","type":"x"}""");
        File.Exists(UsageFile("2026-08-20")).Should().BeFalse();
    }

    [Theory]
    [InlineData("GET", "/backend-api/v2/usage", "POST")]
    [InlineData("PUT", "/backend-api/v2/usage", "POST")]
    [InlineData("POST", "/backend-api/v2/usage/2026-08-20", "GET")]
    [InlineData("DELETE", "/backend-api/v2/usage/2026-08-20", "GET")]
    [InlineData("POST", "/backend-api/v2/stats", "GET")]
    [InlineData("GET", "/backend-api/v2/log", "POST")]
    public async Task Wrong_methods_are_405_with_allow(string method, string path, string allow)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal(allow);
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"Method {{{method}}} is not allowed on this route; use {{{allow}}}"}}""");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("16777217")]
    public void An_invalid_body_limit_fails_at_start_naming_the_key(string value)
    {
        using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Usage:MaxBodyBytes"] = value });

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains("G4F:Usage:MaxBodyBytes"));
    }
}
