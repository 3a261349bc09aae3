using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Speech;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Speech;

public sealed class SpeechRoutingTests : IAsyncLifetime
{
    private FakeUpstream _first = null!;
    private FakeUpstream _second = null!;

    public async Task InitializeAsync()
    {
        _first = await FakeUpstream.StartAsync();
        _second = await FakeUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    private Dictionary<string, string?> TwoVoices() => BackendFactory.Merge(
        BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 0),
        BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1),
        new Dictionary<string, string?>
        {
            ["G4F:Providers:First:SpeechModel"] = "tts-1",
            ["G4F:Providers:Second:SpeechModel"] = "tts-2",
        });

    [Fact]
    public async Task DefaultProvider_chooses_which_synthesizer_Gemini_reaches()
    {
        var settings = TwoVoices();
        settings["G4F:Speech:DefaultProvider"] = "second";
        await using var factory = new BackendFactory(settings);

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/Gemini?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _first.Requests.Should().BeEmpty();
        _second.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Without_a_default_Gemini_reaches_the_capable_provider_of_highest_priority()
    {
        var settings = TwoVoices();
        settings["G4F:Providers:First:Priority"] = "3";
        await using var factory = new BackendFactory(settings);

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/gemini?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _first.Requests.Should().BeEmpty();
        _second.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_host_registered_synthesizer_is_served_with_the_fallback_type()
    {
        var host = new FixedSpeechSynthesizer("Piper");
        await using var factory = new BackendFactory(TwoVoices(), services => services.AddSingleton<ISpeechSynthesizer>(host));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/piper?text=Hallo&voice=de");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/octet-stream");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal("RIFF-host"u8.ToArray());
        host.LastRequest.Should().Be(new SpeechRequest("Hallo", Voice: "de"));
    }

    [Fact]
    public async Task Audio_that_stalls_after_it_started_breaks_the_connection_instead_of_ending_cleanly()
    {
        _first.SpeechHoldsOpen = true;
        var settings = TwoVoices();
        settings["G4F:Providers:First:Timeouts:Idle"] = "00:00:00.300";
        await using var factory = new BackendFactory(settings);

        var read = async () =>
        {
            using var response = await factory.CreateClient().GetAsync("/backend-api/v2/synthesize/First?text=Hi");
            return await response.Content.ReadAsByteArrayAsync();
        };

        await read.Should().ThrowAsync<Exception>().WaitAsync(TimeSpan.FromSeconds(30));
        factory.Logs.GetSnapshot().Should().Contain(r => r.Level == LogLevel.Warning && r.Message.StartsWith("Speech from First broke off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alias_without_a_target_fails_validation()
    {
        var settings = TwoVoices();
        settings["G4F:Speech:Aliases:Gemini"] = " ";
        await using var factory = new BackendFactory(settings);

        var start = () => factory.CreateClient();

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*G4F:Speech:Aliases:Gemini*");
    }
}
