using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>Conversation requests with attached media as the official client sends them: a form with <c>files</c>, <c>media_url</c> and <c>json</c>.</summary>
internal static class AttachedMedia
{
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string json, IEnumerable<(string Name, byte[] Bytes)>? files = null, IEnumerable<string>? mediaUrls = null)
    {
        // The client appends the files and URLs first and the JSON last.
        using var form = new MultipartFormDataContent("attach-boundary-5d1e");
        foreach (var (name, bytes) in files ?? [])
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }

        foreach (var url in mediaUrls ?? [])
        {
            form.Add(new StringContent(url), "media_url");
        }

        form.Add(new StringContent(json), "json");
        using var request = new HttpRequestMessage(HttpMethod.Post, HttpClientExtensions.ConversationPath) { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request);
    }

    public static async Task<SseTranscript> ConverseFormAsync(this HttpClient client, string json, IEnumerable<(string Name, byte[] Bytes)>? files = null, IEnumerable<string>? mediaUrls = null)
    {
        using var response = await client.PostFormAsync(json, files, mediaUrls);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await SseTranscript.ReadAsync(response);
    }

    /// <summary>The content of the last message of the one chat request the upstream received.</summary>
    public static JsonNode? LastMessageContent(this FakeUpstream upstream) =>
        upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal) || r.Path == "/api/chat").JsonBody!["messages"]!.AsArray()[^1]!["content"];

    public static string DataUri(string type, byte[] bytes) => $"data:{type};base64,{Convert.ToBase64String(bytes)}";

    public static JsonObject ImagePart(string url) => new() { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url } };

    /// <summary>A short mono 16-bit PCM WAV file: what the sniffer and providers know as audio/wav.</summary>
    public static byte[] Wav(int samples = 400)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + samples * 2);
            writer.Write("WAVEfmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)1);
            writer.Write(8000);
            writer.Write(16000);
            writer.Write((short)2);
            writer.Write((short)16);
            writer.Write("data"u8);
            writer.Write(samples * 2);
            for (var i = 0; i < samples; i++)
            {
                writer.Write((short)(i * 97 % 2000));
            }
        }

        return stream.ToArray();
    }

    /// <summary>An MP4 header: a video the sniffer knows, which providers are never sent.</summary>
    public static byte[] Mp4() => [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 2, 0];
}
