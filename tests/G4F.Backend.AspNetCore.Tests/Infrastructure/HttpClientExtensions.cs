using System.Net.Http.Headers;
using System.Text;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

public static class HttpClientExtensions
{
    public const string ConversationPath = "/backend-api/v2/conversation";

    /// <summary>Posts a conversation as the official client does (JSON body, <c>accept: text/event-stream</c>).</summary>
    public static Task<HttpResponseMessage> PostConversationAsync(this HttpClient client, string json, string path = ConversationPath, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static async Task<SseTranscript> ConverseAsync(this HttpClient client, string json, string path = ConversationPath)
    {
        using var response = await client.PostConversationAsync(json, path);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/event-stream; charset=utf-8");
        return await SseTranscript.ReadAsync(response);
    }
}
