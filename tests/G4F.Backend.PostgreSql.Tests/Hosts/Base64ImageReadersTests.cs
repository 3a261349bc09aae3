using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SkiaSharp;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// <c>POST /v1/images/generations</c> with <c>response_format: "b64_json"</c> on PostgreSQL, through real HTTP on
/// 127.0.0.1: the answer opens one stored image at a time, so its images never wait on the request's own reader slots
/// (<see cref="PostgreSqlOptions.MaxOpenReaders"/>), and a client that leaves mid-answer leaves no slot taken.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class Base64ImageReadersTests(PostgreSqlCluster cluster)
{
    private const int Pool = 8;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_base64_images_are_answered_with_a_single_reader_slot()
    {
        var database = await cluster.NewDatabaseAsync();
        await using var upstream = await FakeUpstream.StartAsync();
        var picture = Png(320, 200);
        (upstream.ImageUrls, upstream.ImageBytes) = ([], [picture]);
        await using var factory = Host(database.ConnectionString, upstream, readers: 1);
        var client = factory.CreateLoopbackClient();

        // Timeout=0: a request that waited for a second slot while holding the first would wait until this gives up.
        using var prompt = new CancellationTokenSource(Generous);
        using var response = await client.PostAsync("/v1/images/generations", Body("""{"prompt":"a heron","n":2,"response_format":"b64_json"}"""), prompt.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync(prompt.Token)).RootElement.GetProperty("data");
        data.EnumerateArray().Select(i => i.GetProperty("b64_json").GetBytesFromBase64()).Should().HaveCount(2)
            .And.AllSatisfy(bytes => bytes.Should().Equal(picture));
        var server = factory.Services.GetRequiredService<PostgreSqlDatabase>();
        await WaitForAsync(() => server.Readers.Free == 1);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_answer_gives_every_reader_slot_back()
    {
        var database = await cluster.NewDatabaseAsync();
        await using var upstream = await FakeUpstream.StartAsync();

        // Larger than what the loopback socket buffers and Kestrel's output buffer take in once base64-encoded: the
        // server stays in the middle of the first image, its reader open, for as long as the client does not read.
        (upstream.ImageUrls, upstream.ImageBytes) = ([], [NoisePng(2000, 2000)]);
        await using var factory = Host(database.ConnectionString, upstream, readers: 1);
        var client = factory.CreateLoopbackClient();
        var server = factory.Services.GetRequiredService<PostgreSqlDatabase>();

        using var leaving = new CancellationTokenSource(Generous);
        var call = client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/images/generations") { Content = Body("""{"prompt":"static","n":2,"response_format":"b64_json"}""") },
            HttpCompletionOption.ResponseHeadersRead,
            leaving.Token);
        try
        {
            // The answer has started, or (opening every image first) the request waits for its second slot holding the first:
            // the images and the thumbnails the turns made of them (each read under a slot) are all stored by then.
            await using var admin = new NpgsqlConnection(database.ConnectionString);
            await admin.OpenAsync(leaving.Token);
            await using var stored = new NpgsqlCommand("SELECT count(*) FROM g4f_blobs WHERE released_at IS NULL", admin);
            while (!call.IsCompleted && !(server.Readers.Waiting == 1 && (long)(await stored.ExecuteScalarAsync(leaving.Token))! == 4))
            {
                await Task.Delay(20, leaving.Token);
            }

            if (call.IsCompletedSuccessfully)
            {
                using var response = await call;
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                var start = new byte[32];
                await (await response.Content.ReadAsStreamAsync(leaving.Token)).ReadExactlyAsync(start, leaving.Token);
                Encoding.ASCII.GetString(start).Should().StartWith("""{"created":""");
            }
        }
        finally
        {
            // The client goes away mid-answer.
            await leaving.CancelAsync();
            await call.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        t.Result.Dispose();
                    }
                },
                TaskScheduler.Default);
        }

        await WaitForAsync(() => server.Readers.Free == 1 && server.Readers.Waiting == 0);
    }

    // Timeout=0: nobody gives up waiting for a connection or a slot on their own, so only a leak or a self-wait shows.
    private static BackendFactory Host(string connectionString, FakeUpstream upstream, int readers)
    {
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Pool, Timeout = 0 }.ConnectionString;
        return new BackendFactory(
            BackendFactory.Merge(
                BackendFactory.OpenAIProvider("Fake", upstream.OpenAIBaseUrl),
                new Dictionary<string, string?>
                {
                    ["G4F:Providers:Fake:ImageModels:0"] = "dall-e-3",
                    ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
                }),
            services =>
            {
                services.AddG4FBackend().UsePostgreSql(pooled);
                services.Configure<PostgreSqlOptions>(options => options.MaxOpenReaders = readers);
            });
    }

    private static StringContent Body(string json) => new(json, new MediaTypeHeaderValue("application/json"));

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Teal);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    // Random pixels: a PNG about as large as its raw RGB, whatever the compression.
    private static byte[] NoisePng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[width * height * 4];
        new Random(11).NextBytes(pixels);
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
