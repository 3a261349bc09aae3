using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Speech;

public sealed class SpeechEndpointTests : IAsyncLifetime
{
    private const string Key = "sk-speech-5ecr3t";
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private BackendFactory Backend(params (string Key, string? Value)[] extra)
    {
        var settings = BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Chat", "http://127.0.0.1:9/v1", priority: 0),
            BackendFactory.OpenAIProvider("Voice", _upstream.OpenAIBaseUrl, apiKey: Key, priority: 1),
            new Dictionary<string, string?> { ["G4F:Providers:Voice:SpeechModel"] = "tts-fake" });
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new BackendFactory(settings);
    }

    [Fact]
    public async Task Audio_is_streamed_with_the_upstream_type_and_a_week_of_caching()
    {
        _upstream.SpeechContentType = "audio/aac";
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/voice?text=Hallo%20Welt&voice=nova&format=aac&model=tts-hd");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("audio/aac");
        response.Headers.CacheControl!.MaxAge.Should().Be(TimeSpan.FromSeconds(604800));
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal("fake-audio"u8.ToArray());
        var sent = _upstream.Requests.Should().ContainSingle().Subject;
        sent.Path.Should().Be("/v1/audio/speech");
        sent.Headers["Authorization"].Should().Be("Bearer " + Key);
        JToken.Parse(sent.Body).MatchSnapshot();
    }

    [Fact]
    public async Task Defaults_fill_in_model_and_voice_and_the_format_is_left_to_the_upstream()
    {
        await using var factory = Backend(("G4F:Providers:Voice:SpeechVoice", "shimmer"));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/Voice?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JToken.Parse(_upstream.Requests.Single().Body).MatchSnapshot();
    }

    [Fact]
    public async Task The_clients_default_Gemini_reaches_the_first_capable_provider()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/Gemini?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _upstream.Requests.Should().ContainSingle(r => r.Path == "/v1/audio/speech");
    }

    [Fact]
    public async Task An_alias_maps_a_name_to_a_synthesizer()
    {
        await using var factory = Backend(("G4F:Speech:Aliases:Reader", "Voice"));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/reader?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _upstream.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData("/backend-api/v2/synthesize/Voice", HttpStatusCode.BadRequest)]
    [InlineData("/backend-api/v2/synthesize/Voice?text=%20", HttpStatusCode.BadRequest)]
    [InlineData("/backend-api/v2/synthesize/Voice?text=Hi&format=exe", HttpStatusCode.BadRequest)]
    [InlineData("/backend-api/v2/synthesize/Nobody?text=Hi", HttpStatusCode.NotFound)]
    [InlineData("/backend-api/v2/synthesize/Chat?text=Hi", HttpStatusCode.InternalServerError)]
    public async Task Refusals_answer_the_json_envelope_without_calling_the_upstream(string path, HttpStatusCode status)
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var message = JToken.Parse(await response.Content.ReadAsStringAsync())["error"]!["message"]!.ToString();
        message.Should().Be(status switch
        {
            HttpStatusCode.NotFound => "Provider with label 'Nobody' not found",
            HttpStatusCode.InternalServerError => "Provider doesn't support synthesize",
            _ => message.StartsWith("Unsupported format", StringComparison.Ordinal) ? message : "Missing parameter text",
        });
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Gemini_without_any_synthesizer_is_not_found()
    {
        await using var factory = Backend(("G4F:Providers:Voice:SpeechModel", null));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/Gemini?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(401, HttpStatusCode.Unauthorized)]
    [InlineData(429, HttpStatusCode.TooManyRequests)]
    [InlineData(400, HttpStatusCode.BadGateway)]
    [InlineData(500, HttpStatusCode.BadGateway)]
    [InlineData(402, HttpStatusCode.TooManyRequests)]
    [InlineData(504, HttpStatusCode.BadGateway)]
    public async Task Upstream_errors_map_to_statuses_and_never_show_the_key(int upstream, HttpStatusCode expected)
    {
        _upstream.SpeechReply = FakeReply.Status(upstream, $$$"""{"error":{"message":"bad key {{{Key}}} here"}}""");
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/Voice?text=Hi");

        response.StatusCode.Should().Be(expected);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain(Key);
        JToken.Parse(body)["error"]!["message"]!.ToString().Should().Contain($"Response {upstream}: bad key");
        factory.Logs.GetSnapshot().Should().NotContain(r => r.Message.Contains(Key) || (r.Exception != null && r.Exception.ToString().Contains(Key)));
    }

    [Fact]
    public async Task An_unreachable_upstream_is_a_bad_gateway()
    {
        await using var factory = Backend(("G4F:Providers:Voice:BaseUrl", $"http://127.0.0.1:{FakeUpstream.GetUnusedLoopbackPort()}/v1"));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/Voice?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        JToken.Parse(await response.Content.ReadAsStringAsync())["error"]!["message"]!.ToString().Should().StartWith("ConnectionError: ");
    }

    [Fact]
    public async Task A_client_disconnect_cancels_the_upstream_call()
    {
        _upstream.SpeechHoldsOpen = true;
        await using var factory = Backend();
        using var cts = new CancellationTokenSource();

        var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/Voice?text=Hi", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var buffer = new byte[4];
        (await stream.ReadAsync(buffer, cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Should().BePositive();

        _upstream.CancelledRequests.Should().Be(0);
        await cts.CancelAsync();
        response.Dispose();

        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
        _upstream.CancelledRequests.Should().Be(1);
    }

    [Fact]
    public async Task A_speech_model_on_a_non_openai_provider_fails_validation()
    {
        await using var factory = Backend(("G4F:Providers:Voice:Type", "Ollama"));

        var start = () => factory.CreateClient();

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*G4F:Providers:Voice:SpeechModel*");
    }
}
