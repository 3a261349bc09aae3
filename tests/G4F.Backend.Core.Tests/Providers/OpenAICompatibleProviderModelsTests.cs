using G4F.Backend.Providers;
using G4F.Backend.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

public sealed class OpenAICompatibleProviderModelsTests : IAsyncLifetime
{
    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Lists_the_upstream_models_with_the_given_key()
    {
        Upstream.Models = ["gpt-a", "gpt-b"];

        var models = await _harness.OpenAI(o => o.ApiKey = "server-key").ListModelsAsync("client-key", default);

        models.Should().Equal("gpt-a", "gpt-b");
        var request = Upstream.Requests.Should().ContainSingle().Subject;
        (request.Method, request.Path).Should().Be(("GET", "/v1/models"));
        request.Headers["Authorization"].Should().Be("Bearer client-key");
    }

    [Fact]
    public async Task Falls_back_to_the_configured_key()
    {
        await _harness.OpenAI(o => o.ApiKey = "server-key").ListModelsAsync(null, default);

        Upstream.Requests.Should().ContainSingle().Which.Headers["Authorization"].Should().Be("Bearer server-key");
    }

    [Fact]
    public async Task A_static_list_needs_no_request()
    {
        var models = await _harness.OpenAI(o => o.Models = ["x", " ", "y"]).ListModelsAsync(null, default);

        models.Should().Equal("x", "y");
        Upstream.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""["a",{"id":"b"},{"name":"c"},"a",""]""")]
    [InlineData("""{"models":[{"name":"a"},{"model":"b"},"c"]}""")]
    [InlineData("""{"object":"list","data":[{"id":"a"},{"id":"b"},{"id":"c"}]}""")]
    public async Task Accepts_the_usual_list_shapes(string body)
    {
        Upstream.ModelsReply = FakeReply.Status(200, body);

        var models = await _harness.OpenAI().ListModelsAsync(null, default);

        models.Should().Equal("a", "b", "c");
    }

    [Fact]
    public async Task An_unknown_shape_is_a_response_error()
    {
        Upstream.ModelsReply = FakeReply.Status(200, """{"nothing":"here"}""");

        var list = () => _harness.OpenAI().ListModelsAsync(null, default);

        (await list.Should().ThrowAsync<ProviderException>()).Which.ErrorName.Should().Be("ResponseError");
    }

    [Fact]
    public async Task A_rejected_key_is_a_missing_auth_error()
    {
        Upstream.ModelsReply = FakeReply.Status(401, """{"error":{"message":"bad key sk-listing-key-123"}}""");

        var list = () => _harness.OpenAI().ListModelsAsync("sk-listing-key-123", default);

        var failure = (await list.Should().ThrowAsync<ProviderException>()).Which;
        failure.ErrorName.Should().Be("MissingAuthError");
        failure.IsAuthError.Should().BeTrue();
        failure.Message.Should().Be("Response 401: bad key ***");
    }

    [Fact]
    public async Task A_slow_model_list_is_bounded_by_the_first_byte_limit()
    {
        Upstream.ModelsReply = FakeReply.Text().WithDelayBeforeHeaders(Timeout.InfiniteTimeSpan);

        var list = () => _harness.OpenAI(o => o.Timeouts.FirstByte = TimeSpan.FromMilliseconds(200)).ListModelsAsync(null, default);

        (await list.Should().ThrowAsync<ProviderException>()).Which.ErrorName.Should().Be("TimeoutError");
    }
}
