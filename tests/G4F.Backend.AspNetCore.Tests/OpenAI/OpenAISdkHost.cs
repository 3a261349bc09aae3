using System.ClientModel;
using System.ClientModel.Primitives;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using OpenAI;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>The official OpenAI .NET SDK pointed at the sample's <c>/v1</c>, through the real ASP.NET Core pipeline.</summary>
internal static class OpenAISdkHost
{
    public static OpenAIClient Client(BackendFactory factory, string apiKey = "sk-dummy")
    {
        var http = factory.CreateClient();
        return new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }
}
