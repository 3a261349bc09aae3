using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.AspNetCore.Tests.Memory;

/// <summary>The sample host with a fake clock, and the memory calls a test makes.</summary>
internal sealed class MemoryClient : IAsyncDisposable
{
    public const string Path = "/backend-api/v2/memory";

    private readonly BackendFactory _factory;

    public MemoryClient(params (string Key, string? Value)[] settings)
    {
        _factory = new BackendFactory(settings.ToDictionary(s => s.Key, s => s.Value), services => services.AddSingleton<TimeProvider>(Time));
        Http = _factory.CreateClient();
    }

    public static DateTimeOffset Start { get; } = new(2026, 8, 21, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public HttpClient Http { get; }

    public string DataDirectory => _factory.DataDirectory;

    public IServiceProvider Services => _factory.Services;

    public static StringContent Json(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, Path + pathAndQuery) { Content = content };
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length > 0)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        }

        return (response.StatusCode, body);
    }

    public Task<(HttpStatusCode Status, string Body)> PostAsync(string userPath, string json) => SendAsync(HttpMethod.Post, userPath, Json(json));

    public Task<(HttpStatusCode Status, string Body)> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery);

    public async Task<string> GetOkAsync(string pathAndQuery)
    {
        var (status, body) = await GetAsync(pathAndQuery);
        status.Should().Be(HttpStatusCode.OK, body);
        return body;
    }

    public async Task PostOkAsync(string userPath, string json)
    {
        var (status, body) = await PostAsync(userPath, json);
        status.Should().Be(HttpStatusCode.OK, body);
    }

    public static string Conversation(string id, params string[] contents) => System.Text.Json.JsonSerializer.Serialize(new
    {
        id,
        items = contents.Select((c, i) => new { role = i % 2 == 0 ? "user" : "assistant", content = c }),
    });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
