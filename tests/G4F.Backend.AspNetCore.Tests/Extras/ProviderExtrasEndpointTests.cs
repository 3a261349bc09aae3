using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Extras;

public sealed class ProviderExtrasEndpointTests
{
    private static BackendFactory Backend() => new(BackendFactory.OpenAIProvider("Known", "http://127.0.0.1:9/v1"));

    private static async Task<string[]> AnswerAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("""{"action":"poll"}""", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return [$"{method} {path}", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Content.Headers.ContentType?.MediaType ?? "", JToken.Parse(await response.Content.ReadAsStringAsync()).ToString(Newtonsoft.Json.Formatting.None)];
    }

    [Fact]
    public async Task Every_extra_answers_its_compatible_json_form()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();
        List<string[]> answers = [];
        foreach (var (method, path) in new (HttpMethod, string)[]
        {
            (HttpMethod.Get, "/pa/providers"),
            (HttpMethod.Get, "/backend-api/v2/quota/known"),
            (HttpMethod.Get, "/backend-api/v2/quota/Nobody"),
            (HttpMethod.Get, "/backend-api/v2/oauth/known?action=start"),
            (HttpMethod.Post, "/backend-api/v2/oauth/Known"),
            (HttpMethod.Get, "/backend-api/v2/oauth/Nobody"),
            (HttpMethod.Get, "/backend-api/v2/public-key"),
            (HttpMethod.Post, "/backend-api/v2/public-key"),
            (HttpMethod.Delete, "/backend-api/v2/public-key"),
            (HttpMethod.Post, "/backend-api/v2/quota/Known"),
        })
        {
            answers.Add(await AnswerAsync(client, method, path));
        }

        answers.SelectMany(a => a).ToArray().MatchSnapshot();
    }
}
