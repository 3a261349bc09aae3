using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Media;

/// <summary><c>GET /search/{search}</c> (PROTOCOL 7.4) over files planted in the media folder.</summary>
public sealed class MediaSearchTests : IAsyncLifetime
{
    private static readonly string[] Planted =
    [
        "1755780000_flux+16_9+a_red_fox_in_snow_3f9a1c0b7d2e4a61.jpg",
        "1755780100_flux+1_1+a_fox_cub_0c1d2e3f4a5b6c7d.png",
        "1755780200_sdxl+a_grey_wolf_1111111111111111.png",
        "1755780300_tts+fox_song_2222222222222222.mp3",
        "1755780400_veo+fox_running_3333333333333333.mp4",
        "1755780500_fox_notes_4444444444444444.txt",
    ];

    private readonly BackendFactory _factory = new(new Dictionary<string, string?>());
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        var folder = Directory.CreateDirectory(Path.Combine(_factory.DataDirectory, "media")).FullName;
        foreach (var name in Planted)
        {
            File.WriteAllBytes(Path.Combine(folder, name), [1]);
        }

        // Only files directly in the media folder count.
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "thumbnails")).FullName, "1755780900_fox_5555555555555555.png"), [1]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Every_skip_of_a_search_names_its_match_newest_first()
    {
        var answers = new List<string>();
        foreach (var search in (string[])["image+fox", "fox", "image", "IMAGE_PNG", "audio", "video+fox", "fox+snow", "image+fox+wolf", "cub+1_1", "fox%20cub", "wolf"])
        {
            for (var skip = 0; ; skip++)
            {
                using var response = await _client.GetAsync($"/search/{search}?skip={skip}");
                if (response.StatusCode != HttpStatusCode.Found)
                {
                    response.StatusCode.Should().Be(HttpStatusCode.NotFound);
                    (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Not found"}}""");
                    answers.Add($"{search} skip={skip}: 404");
                    break;
                }

                response.Headers.Location!.IsAbsoluteUri.Should().BeFalse();
                answers.Add($"{search} skip={skip}: {response.Headers.Location}");
            }
        }

        Snapshot.Match(answers);
    }

    [Fact]
    public async Task Min_lowers_the_score_a_file_needs()
    {
        using var strict = await _client.GetAsync("/search/image+wolf+snow");
        using var lenient = await _client.GetAsync("/search/image+wolf+snow?min=2&skip=1");
        using var invalid = await _client.GetAsync("/search/image?min=two");

        strict.StatusCode.Should().Be(HttpStatusCode.NotFound);
        lenient.Headers.Location!.OriginalString.Should().Be("/media/1755780000_flux+16_9+a_red_fox_in_snow_3f9a1c0b7d2e4a61.jpg");
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"min must be an integer"}}""");
    }

    [Fact]
    public async Task A_seeded_random_pick_repeats_and_stays_among_the_matches()
    {
        var picks = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await _client.GetAsync("/search/fox?random=my-seed");
            picks.Add(response.Headers.Location!.OriginalString);
        }

        using var fresh = await _client.GetAsync("/search/image?random=true");

        picks.Distinct().Should().ContainSingle();
        picks[0].Should().StartWith("/media/").And.Contain("fox");
        fresh.StatusCode.Should().Be(HttpStatusCode.Found);
        fresh.Headers.Location!.OriginalString.Should().BeOneOf(
            "/media/1755780000_flux+16_9+a_red_fox_in_snow_3f9a1c0b7d2e4a61.jpg",
            "/media/1755780100_flux+1_1+a_fox_cub_0c1d2e3f4a5b6c7d.png",
            "/media/1755780200_sdxl+a_grey_wolf_1111111111111111.png");
    }

    [Fact]
    public async Task A_new_file_is_found_at_once_and_a_deleted_one_is_gone()
    {
        using var before = await _client.GetAsync("/search/wolf");
        File.Move(Path.Combine(_factory.DataDirectory, "media", Planted[2]), Path.Combine(_factory.DataDirectory, "media", "1755789999_sdxl+a_white_wolf_6666666666666666.webp"));
        using var after = await _client.GetAsync("/search/wolf");
        using var gone = await _client.GetAsync("/search/grey+wolf");

        before.Headers.Location!.OriginalString.Should().Be("/media/" + Planted[2]);
        after.Headers.Location!.OriginalString.Should().Be("/media/1755789999_sdxl+a_white_wolf_6666666666666666.webp");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/search/fox?skip=-1")]
    [InlineData("/search/fox?skip=x")]
    public async Task An_invalid_skip_answers_400(string path)
    {
        using var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_a_media_folder_every_search_is_not_found()
    {
        await using var empty = new BackendFactory(new Dictionary<string, string?>());

        using var response = await empty.CreateClient().GetAsync("/search/image");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Not found"}}""");
    }

    [Fact]
    public async Task Under_a_prefix_the_location_keeps_the_prefix()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = _factory.DataDirectory;
        });
        await using var app = builder.Build();
        app.MapG4FBackend("/g4f");
        await app.StartAsync();
        var client = app.GetTestClient();

        using var response = await client.GetAsync("/g4f/search/wolf");
        using var served = await client.GetAsync(response.Headers.Location!.OriginalString);

        response.Headers.Location!.OriginalString.Should().Be("/g4f/media/" + Planted[2]);
        served.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
