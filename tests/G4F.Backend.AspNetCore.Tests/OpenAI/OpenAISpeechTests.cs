using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using OpenAI.Audio;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary><c>POST /v1/audio/speech</c> with the OpenAI SDK and raw HTTP, over the backend's speech service.</summary>
public sealed class OpenAISpeechTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task The_SDK_gets_the_upstreams_audio_with_voice_model_and_format_passed_on()
    {
        _upstream.SpeechContentType = "audio/wav";
        await using var factory = Backend();

        BinaryData audio = await OpenAISdkHost.Client(factory).GetAudioClient("tts-hd")
            .GenerateSpeechAsync("Hello there", GeneratedSpeechVoice.Nova, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav });

        audio.ToArray().Should().Equal("fake-audio"u8.ToArray());
        var sent = _upstream.Requests.Should().ContainSingle(r => r.Path == "/v1/audio/speech").Subject.JsonBody!;
        sent["input"]!.GetValue<string>().Should().Be("Hello there");
        sent["voice"]!.GetValue<string>().Should().Be("nova");
        sent["model"]!.GetValue<string>().Should().Be("tts-hd");
        sent["response_format"]!.GetValue<string>().Should().Be("wav");
    }

    [Fact]
    public async Task The_provider_field_chooses_the_speaker_and_an_unknown_one_is_404()
    {
        await using var factory = Backend();
        var http = factory.CreateClient();

        using var chosen = await http.PostAsync("/v1/audio/speech", Json("""{"model":"tts-1","input":"Hi","voice":"alloy","provider":"Voice"}"""));
        using var unknown = await http.PostAsync("/v1/audio/speech", Json("""{"model":"tts-1","input":"Hi","voice":"alloy","provider":"Nope"}"""));
        using var mute = await http.PostAsync("/v1/audio/speech", Json("""{"model":"tts-1","input":"Hi","voice":"alloy","provider":"Chat"}"""));

        chosen.StatusCode.Should().Be(HttpStatusCode.OK);
        chosen.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Error(unknown)).GetProperty("code").GetString().Should().Be("provider_not_found");
        mute.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a provider without a speech model cannot speak");
    }

    [Theory]
    [InlineData("tts-second", "Second")] // the one provider whose speech model it is, though another speaks first
    [InlineData("TTS-Fake", "Voice")] // names compare case-insensitively, as image models do
    [InlineData("tts-1", "Voice")] // a model no provider declares: the default speaker, the first able to speak
    public async Task Without_provider_the_model_chooses_the_speaker_that_declares_it(string model, string speaker)
    {
        await using var second = await FakeUpstream.StartAsync();
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Chat", "http://127.0.0.1:9/v1", priority: 0),
            BackendFactory.OpenAIProvider("Voice", _upstream.OpenAIBaseUrl, priority: 1),
            BackendFactory.OpenAIProvider("Second", second.OpenAIBaseUrl, priority: 2),
            new Dictionary<string, string?>
            {
                ["G4F:Providers:Voice:SpeechModel"] = "tts-fake",
                ["G4F:Providers:Second:SpeechModel"] = "tts-second",
            }));

        using var response = await factory.CreateClient().PostAsync("/v1/audio/speech", Json($$"""{"model":"{{model}}","input":"Hi"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var (chosen, other) = speaker == "Second" ? (second, _upstream) : (_upstream, second);
        chosen.Requests.Should().ContainSingle(r => r.Path == "/v1/audio/speech").Which.Model.Should().Be(model, "the model is passed on as asked");
        other.Requests.Should().NotContain(r => r.Path == "/v1/audio/speech");
    }

    [Fact]
    public async Task The_provider_field_is_never_sent_upstream()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostAsync("/v1/audio/speech",
            Json("""{"model":"tts-1","input":"Hi","voice":"alloy","response_format":"mp3","provider":"Voice"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var sent = _upstream.Requests.Should().ContainSingle(r => r.Path == "/v1/audio/speech").Subject;
        sent.JsonBody!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["model", "input", "voice", "response_format"]);
        sent.Body.Should().NotContain("provider").And.NotContain("\"Voice\"");
    }

    [Fact]
    public async Task The_audio_reaches_the_client_while_the_upstream_is_still_sending()
    {
        // The fake sends its audio, flushes and then holds the response open until its client goes away: all of it can
        // only reach the SDK's side of the socket if the front door passes it on as it comes, not when the upstream ends.
        _upstream.SpeechHoldsOpen = true;
        await using var factory = Backend();
        var http = factory.CreateLoopbackClient();

        using var response = await http.SendAsync(Post("""{"model":"tts-1","input":"Hi"}"""), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        var audio = await ReadAsync(await response.Content.ReadAsStreamAsync(), _upstream.SpeechAudio.Length);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        audio.Should().Equal(_upstream.SpeechAudio);
        _upstream.CancelledRequests.Should().Be(0, "the upstream is still holding its response open");
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_upstream_call()
    {
        _upstream.SpeechHoldsOpen = true;
        // The upstream's idle limit (60 s by default) would end the held call too: far beyond the wait, only the client's
        // departure can cancel it in time.
        await using var factory = Backend(("G4F:Providers:Voice:Timeouts:Idle", "00:10:00"));
        var http = factory.CreateLoopbackClient();
        var response = await http.SendAsync(Post("""{"model":"tts-1","input":"Hi"}"""), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        await ReadAsync(await response.Content.ReadAsStreamAsync(), 1);
        _upstream.CancelledRequests.Should().Be(0);

        response.Dispose();

        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(60));
        _upstream.CancelledRequests.Should().Be(1);
    }

    [Fact]
    public async Task A_large_audio_is_passed_on_as_it_comes_not_when_the_upstream_ends()
    {
        // The fake sends 2 MiB, then waits for the test before it sends 2 MiB more: the first part can only reach the client
        // while the upstream is still sending if nothing on the way collects the audio whole.
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.SpeechAudio = Audio(2 * 1024 * 1024, seed: 1);
        _upstream.SpeechAudioRest = Audio(2 * 1024 * 1024, seed: 2);
        _upstream.SpeechGate = released.Task;
        await using var factory = Backend(("G4F:Providers:Voice:Timeouts:Idle", "00:10:00"));
        var http = factory.CreateLoopbackClient();

        using var response = await http.SendAsync(Post("""{"model":"tts-1","input":"Hi"}"""), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        var stream = await response.Content.ReadAsStreamAsync();
        var first = await ReadAsync(stream, _upstream.SpeechAudio.Length);
        released.SetResult();
        var rest = await ReadAsync(stream, _upstream.SpeechAudioRest.Length);

        first.Should().Equal(_upstream.SpeechAudio);
        rest.Should().Equal(_upstream.SpeechAudioRest);
        (await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, "the audio ends where the upstream's does");
        _upstream.CancelledRequests.Should().Be(0);
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_audio_cancels_the_upstream_call()
    {
        // The upstream has sent 2 MiB and has more to send; the client leaves after reading part of it.
        _upstream.SpeechAudio = Audio(2 * 1024 * 1024, seed: 3);
        _upstream.SpeechAudioRest = Audio(1024, seed: 4);
        _upstream.SpeechGate = new TaskCompletionSource().Task;
        await using var factory = Backend(("G4F:Providers:Voice:Timeouts:Idle", "00:10:00"));
        var http = factory.CreateLoopbackClient();
        var response = await http.SendAsync(Post("""{"model":"tts-1","input":"Hi"}"""), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        var part = await ReadAsync(await response.Content.ReadAsStreamAsync(), 1024 * 1024);
        part.Should().Equal(_upstream.SpeechAudio.AsSpan(0, part.Length).ToArray());
        _upstream.CancelledRequests.Should().Be(0);

        response.Dispose();

        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(60));
        _upstream.CancelledRequests.Should().Be(1);
    }

    [Theory]
    [InlineData("""{"model":"tts-1","voice":"alloy"}""")]
    [InlineData("""{"model":"tts-1","input":"  "}""")]
    [InlineData("""{"model":"tts-1","input":"Hi","response_format":"ogg"}""")]
    [InlineData("""{"model":1,"input":"Hi"}""")]
    public async Task A_malformed_body_is_400_in_OpenAIs_shape(string body)
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostAsync("/v1/audio/speech", Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Error(response)).GetProperty("type").GetString().Should().Be("invalid_request_error");
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Input_over_4096_characters_is_400()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostAsync("/v1/audio/speech", Json($$"""{"model":"tts-1","input":"{{new string('a', 4097)}}"}"""));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(401, 401)]
    [InlineData(429, 429)]
    [InlineData(500, 502)]
    [InlineData(504, 502)] // a gateway timeout upstream, which the protocol names RateLimitError as g4f does, is no rate limit
    public async Task Upstream_failures_keep_their_meaning(int upstream, int expected)
    {
        _upstream.SpeechReply = FakeReply.Status(upstream, """{"error":{"message":"no"}}""");
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostAsync("/v1/audio/speech", Json("""{"model":"tts-1","input":"Hi"}"""));

        ((int)response.StatusCode).Should().Be(expected);
        (await Error(response)).GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task An_upstream_model_not_found_is_404_as_in_chat()
    {
        _upstream.SpeechReply = FakeReply.Status(404, """{"error":{"message":"The model `tts-9` does not exist","type":"invalid_request_error","code":"model_not_found"}}""");
        await using var factory = Backend();

        var call = () => OpenAISdkHost.Client(factory).GetAudioClient("tts-9").GenerateSpeechAsync("Hi", GeneratedSpeechVoice.Alloy);

        var thrown = (await call.Should().ThrowAsync<System.ClientModel.ClientResultException>()).Which;
        thrown.Status.Should().Be(404);
        using var body = JsonDocument.Parse(thrown.GetRawResponse()!.Content.ToString());
        body.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("model_not_found");
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().NotContain("sk-voice-0000");
    }

    [Fact]
    public async Task The_bearer_is_the_key_of_a_speaker_without_one_and_never_replaces_a_configured_key()
    {
        await using var keyed = await FakeUpstream.StartAsync();
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Keyless", _upstream.OpenAIBaseUrl, priority: 0),
            BackendFactory.OpenAIProvider("Keyed", keyed.OpenAIBaseUrl, apiKey: "sk-server-key", priority: 1),
            new Dictionary<string, string?>
            {
                ["G4F:Providers:Keyless:SpeechModel"] = "tts-keyless",
                ["G4F:Providers:Keyed:SpeechModel"] = "tts-keyed",
            }));
        var audio = OpenAISdkHost.Client(factory, "sk-caller");

        await audio.GetAudioClient("tts-keyless").GenerateSpeechAsync("Hi", GeneratedSpeechVoice.Alloy);
        await audio.GetAudioClient("tts-keyed").GenerateSpeechAsync("Hi", GeneratedSpeechVoice.Alloy);

        Speech(_upstream).Headers["Authorization"].Should().Be("Bearer sk-caller");
        Speech(keyed).Headers["Authorization"].Should().Be("Bearer sk-server-key", "a dummy SDK key never replaces the server's");

        // With client keys off, or when the bearer is the door's own key, it never goes upstream.
        foreach (var (setting, value) in new[] { ("G4F:AllowClientApiKeys", "false"), ("G4F:OpenAI:ApiKeys:0", "sk-door-key-0123456789") })
        {
            await using var upstream = await FakeUpstream.StartAsync();
            await using var guarded = new BackendFactory(BackendFactory.Merge(
                BackendFactory.OpenAIProvider("Keyless", upstream.OpenAIBaseUrl),
                new Dictionary<string, string?> { ["G4F:Providers:Keyless:SpeechModel"] = "tts-keyless", [setting] = value }));

            await OpenAISdkHost.Client(guarded, "sk-door-key-0123456789").GetAudioClient("tts-keyless").GenerateSpeechAsync("Hi", GeneratedSpeechVoice.Alloy);

            Speech(upstream).Headers.Should().NotContainKey("Authorization", "{0} is {1}", setting, value);
        }
    }

    private static RecordedRequest Speech(FakeUpstream upstream) => upstream.Requests.Should().ContainSingle(r => r.Path == "/v1/audio/speech").Subject;

    private static HttpRequestMessage Post(string body) => new(HttpMethod.Post, "/v1/audio/speech") { Content = Json(body) };

    /// <summary>Reads until <paramref name="count"/> bytes came, each read bounded so a stalled stream fails the test instead of hanging it.</summary>
    private static async Task<byte[]> ReadAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var got = await stream.ReadAsync(buffer.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            got.Should().BePositive("the stream ended after {0} of {1} bytes", read, count);
            read += got;
        }

        return buffer;
    }

    /// <summary>Bytes that differ along the way, so a part out of place or repeated shows.</summary>
    private static byte[] Audio(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<JsonElement> Error(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

    private BackendFactory Backend(params (string Key, string Value)[] extra) => new(BackendFactory.Merge(
        BackendFactory.OpenAIProvider("Chat", "http://127.0.0.1:9/v1", priority: 0),
        BackendFactory.OpenAIProvider("Voice", _upstream.OpenAIBaseUrl, apiKey: "sk-voice-0000", priority: 1),
        new Dictionary<string, string?> { ["G4F:Providers:Voice:SpeechModel"] = "tts-fake" },
        extra.ToDictionary(e => e.Key, e => (string?)e.Value)));
}
