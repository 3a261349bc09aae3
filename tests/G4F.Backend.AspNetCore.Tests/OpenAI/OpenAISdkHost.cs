using System.ClientModel;
using System.ClientModel.Primitives;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using OpenAI;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// The official OpenAI .NET SDK pointed at the sample's <c>/v1</c>, served by Kestrel on 127.0.0.1: the SDK's requests and
/// streams cross a real socket (<see cref="BackendFactory.CreateLoopbackClient"/>), as they do in production.
/// </summary>
internal static class OpenAISdkHost
{
    public static OpenAIClient Client(BackendFactory factory, string apiKey = "sk-dummy")
    {
        var http = factory.CreateLoopbackClient();
        return new OpenAIClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
    }
}
