using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>
/// An upstream's 404 for a model it does not know (OpenAI <c>model_not_found</c>, Ollama's "model not found") is
/// <c>ModelNotFoundError</c>: an error event in a conversation, 404 from <c>/create</c>; the router still tries the next
/// provider, which may know the model.
/// </summary>
public sealed class UnknownModelTests : IAsyncLifetime
{
    private const string OpenAINotFound = """{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""";
    private const string OllamaNotFound = """{"error":"model \"gpt-9\" not found, try pulling it first"}""";

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

    [Fact]
    public async Task OpenAI_model_not_found_is_a_ModelNotFoundError_event()
    {
        _first.Reply = FakeReply.Status(404, OpenAINotFound);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl));

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"gpt-9","provider":"First","messages":[{"role":"user","content":"Hi"}]}""");

        var error = transcript.OfType("error").Should().ContainSingle().Subject;
        error.GetProperty("error").GetString().Should().Be("ModelNotFoundError");
        error.GetProperty("message").GetString().Should().Be("ModelNotFoundError: Response 404: The model `gpt-9` does not exist or you do not have access to it.");
    }

    [Fact]
    public async Task Ollama_model_not_found_is_a_ModelNotFoundError_event()
    {
        _first.Reply = FakeReply.Status(404, OllamaNotFound);
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Providers:Local:Type"] = "Ollama",
            ["G4F:Providers:Local:BaseUrl"] = _first.BaseUrl,
        });

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"gpt-9","provider":"Local","messages":[{"role":"user","content":"Hi"}]}""");

        var error = transcript.OfType("error").Should().ContainSingle().Subject;
        error.GetProperty("error").GetString().Should().Be("ModelNotFoundError");
        error.GetProperty("message").GetString().Should().Be("ModelNotFoundError: Response 404: model \"gpt-9\" not found, try pulling it first");
    }

    [Theory]
    [InlineData(OpenAINotFound, "ModelNotFoundError: Response 404: The model `gpt-9` does not exist or you do not have access to it.")]
    [InlineData(OllamaNotFound, "ModelNotFoundError: Response 404: model \"gpt-9\" not found, try pulling it first")]
    public async Task Create_answers_404_for_an_unknown_model(string upstreamBody, string message)
    {
        _first.Reply = FakeReply.Status(404, upstreamBody);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x&provider=First&model=gpt-9");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Be(message);
    }

    [Fact]
    public async Task A_plain_404_without_a_model_message_stays_a_ResponseStatusError()
    {
        _first.Reply = FakeReply.Status(404, """{"error":{"message":"No such route"}}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl));

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"First","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.OfType("error").Should().ContainSingle().Which.GetProperty("error").GetString().Should().Be("ResponseStatusError");
    }

    [Fact]
    public async Task The_router_tries_the_next_provider_which_may_know_the_model()
    {
        _first.Reply = FakeReply.Status(404, OpenAINotFound);
        _second.Reply = FakeReply.Text("From second");
        await using var factory = TwoProviders();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Content.Should().Be("From second");
        transcript.Types.Should().NotContain("error");
    }

    [Fact]
    public async Task When_no_provider_knows_the_model_the_error_is_still_ModelNotFoundError_and_create_is_404()
    {
        _first.Reply = FakeReply.Status(404, OpenAINotFound);
        _second.Reply = FakeReply.Status(404, OllamaNotFound);
        await using var factory = TwoProviders();
        var client = factory.CreateClient();

        var transcript = await client.ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");
        using var create = await client.GetAsync("/backend-api/v2/create?prompt=x&model=fake-model");

        var error = transcript.OfType("error").Should().ContainSingle().Subject;
        error.GetProperty("error").GetString().Should().Be("ModelNotFoundError");
        error.GetProperty("message").GetString().Should().Be(
            "ModelNotFoundError: RetryProvider failed:\nFirst: ModelNotFoundError: Response 404: The model `gpt-9` does not exist or you do not have access to it.\n"
            + "Second: ModelNotFoundError: Response 404: model \"gpt-9\" not found, try pulling it first");
        create.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private BackendFactory TwoProviders() => new(BackendFactory.Merge(
        BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 0),
        BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1)));
}
