using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>
/// Ollama takes images only as bytes: a remote <c>image_url</c> part is fetched through the safe downloader and sent in
/// <c>images</c>, refused before the stream (400) when it may not be fetched for a named Ollama provider, and a fetch
/// that fails ends the turn with a <c>MediaError</c>; it is never dropped without a word. A <c>developer</c> message
/// reaches Ollama as <c>system</c>, the one role its templates know for it.
/// </summary>
public sealed class OllamaImageUrlTests : IAsyncLifetime
{
    private const string OllamaDone = """{"model":"fake-model","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":2}""";

    private FakeUpstream _upstream = null!;
    private FakeFileServer _files = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Reply = FakeReply.OllamaLines(OllamaDone);
        _files = await FakeFileServer.StartAsync();
        _files.MapFile("/cat.png", "image/png", MediaSources.Png);
        _files.MapText("/page.html", "text/html", "<p>not an image</p>");
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private BackendFactory Backend(bool allowLoopback)
    {
        var settings = new Dictionary<string, string?>
        {
            ["G4F:Providers:Local:Type"] = "Ollama",
            ["G4F:Providers:Local:BaseUrl"] = _upstream.BaseUrl,
        };
        if (allowLoopback)
        {
            // The downloader's test allowance: the fake image server listens on 127.0.0.1.
            settings["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32";
        }

        return new BackendFactory(settings);
    }

    private IEnumerable<RecordedRequest> ChatRequests => _upstream.Requests.Where(r => r.Path == "/api/chat");

    private static string Body(string? provider, string imageUrl)
    {
        var body = new JsonObject
        {
            ["model"] = "fake-model",
            ["messages"] = JsonNode.Parse(
                """[{"role":"developer","content":"Answer in French"},{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"URL"}}]}]"""
                    .Replace("URL", imageUrl, StringComparison.Ordinal)),
        };
        if (provider is not null)
        {
            body["provider"] = provider;
        }

        return body.ToJsonString();
    }

    [Fact]
    public async Task A_developer_message_reaches_Ollama_as_system()
    {
        await using var factory = Backend(allowLoopback: false);

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(
            """{"model":"fake-model","messages":[{"role":"developer","content":"Answer in French"},{"role":"user","content":"Hi"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        ChatRequests.Single().JsonBody!["messages"]!.ToJsonString().Should().Be(
            """[{"role":"system","content":"Answer in French"},{"role":"user","content":"Hi"}]""");
    }

    [Fact]
    public async Task An_image_url_is_fetched_through_the_safe_downloader_and_reaches_Ollama_as_bytes()
    {
        await using var factory = Backend(allowLoopback: true);

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(Body(null, _files.BaseUrl + "/cat.png?token=abc")));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        ChatRequests.Single().JsonBody!["messages"]!.ToJsonString().Should().Be(new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = "Answer in French" },
            new JsonObject { ["role"] = "user", ["content"] = "What is this?", ["images"] = new JsonArray(Convert.ToBase64String(MediaSources.Png)) }).ToJsonString());
        _files.Requests.Should().Equal("/cat.png?token=abc");
    }

    [Fact]
    public async Task Only_the_newest_messages_images_are_fetched_so_a_long_conversation_with_Ollama_goes_on()
    {
        await using var factory = Backend(allowLoopback: true);
        var messages = new JsonArray();
        for (var i = 0; i < 20; i++)
        {
            // More earlier images than a turn may attach, one of them a dead link.
            var url = i == 7 ? _files.BaseUrl + "/gone.png" : $"{_files.BaseUrl}/cat.png?turn={i}";
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url } }) });
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = "A cat." });
        }

        messages.Add(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = "And this one?" },
                new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = _files.BaseUrl + "/cat.png" } },
                new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = _files.BaseUrl + "/cat.png" } }),
        });
        var body = new JsonObject { ["model"] = "fake-model", ["provider"] = "Local", ["messages"] = messages };

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(body.ToJsonString()));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        _files.Requests.Should().Equal("/cat.png");
        var sent = ChatRequests.Single().JsonBody!["messages"]!.AsArray();
        sent[^1]!["images"]!.AsArray().Should().HaveCount(2);
    }

    [Fact]
    public async Task A_private_image_url_for_a_named_Ollama_is_refused_on_v1_with_an_OpenAI_shaped_400()
    {
        await using var factory = Backend(allowLoopback: false);
        var url = _files.BaseUrl + "/cat.png";

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(Body("Local", url)));

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        var error = JsonNode.Parse(text)!["error"]!;
        error["message"]!.GetValue<string>().Should().Be($"Invalid or disallowed image_url: {url}");
        error["type"]!.GetValue<string>().Should().Be("invalid_request_error");
        ChatRequests.Should().BeEmpty();
        _files.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_private_image_url_for_a_named_Ollama_is_refused_on_the_conversation_route_with_400_json()
    {
        await using var factory = Backend(allowLoopback: false);
        var url = _files.BaseUrl + "/cat.png";

        using var response = await factory.CreateClient().PostConversationAsync(Body("Local", url));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Be($"Invalid or disallowed image_url: {url}");
        ChatRequests.Should().BeEmpty();
        _files.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_image_url_that_is_no_image_ends_the_turn_with_a_media_error_instead_of_a_silent_drop()
    {
        await using var factory = Backend(allowLoopback: true);

        var transcript = await factory.CreateClient().ConverseAsync(Body("Local", _files.BaseUrl + "/page.html"));

        var error = transcript.OfType("error").Single();
        error.GetProperty("error").GetString().Should().Be("MediaError");
        error.GetProperty("message").GetString().Should().Be("MediaError: Fetching media from 127.0.0.1 failed: The URL does not point to an image, audio or video file.");
        ChatRequests.Should().BeEmpty("Ollama is not asked about an image it would never see");
    }

    [Fact]
    public async Task Under_automatic_routing_an_unsafe_image_url_is_refused_by_the_downloader_and_Ollama_is_not_called()
    {
        await using var factory = Backend(allowLoopback: false);

        var transcript = await factory.CreateClient().ConverseAsync(Body(null, _files.BaseUrl + "/cat.png"));

        var error = transcript.OfType("error").Single();
        error.GetProperty("error").GetString().Should().Be("MediaError");
        error.GetProperty("message").GetString().Should().StartWith("MediaError: Fetching media from 127.0.0.1 failed: ");
        ChatRequests.Should().BeEmpty();
        _files.Requests.Should().BeEmpty();
    }
}
