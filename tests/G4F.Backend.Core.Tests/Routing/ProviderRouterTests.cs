using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Routing;

public sealed class ProviderRouterTests
{
    private static readonly ProviderException Overloaded = new("ResponseStatusError", "Response 503: overloaded", statusCode: 503);

    [Fact]
    public async Task A_single_string_key_never_reaches_a_provider_the_client_did_not_name()
    {
        var first = new ScriptedProvider("First");
        using var harness = new RoutingHarness(null, first);

        await harness.ConverseAsync(RoutingHarness.Request() with { ApiKey = "sk-meant-for-someone-else" });
        await harness.ConverseAsync(RoutingHarness.Request(provider: "first") with { ApiKey = "sk-for-first" });

        first.Calls.Select(c => c.ApiKey).Should().Equal(null, "sk-for-first");
    }

    [Fact]
    public async Task Client_keys_are_dropped_when_the_server_disallows_them()
    {
        var first = new ScriptedProvider("First");
        using var harness = new RoutingHarness(o => o.AllowClientApiKeys = false, first);

        await harness.ConverseAsync(RoutingHarness.Request(provider: "First") with { ApiKey = "sk-client" });

        first.Calls.Single().ApiKey.Should().BeNull();
    }

    [Fact]
    public async Task A_status_only_reasoning_event_does_not_count_as_output_so_the_router_falls_through()
    {
        var first = new ScriptedProvider("First", 0) { Events = [new ReasoningEvent { Status = "Queued" }], FailAfterEvents = Overloaded };
        var second = new ScriptedProvider("Second", 1) { Events = [new ContentEvent("from second")] };
        using var harness = new RoutingHarness(null, first, second);

        var events = await harness.ConverseAsync(RoutingHarness.Request());

        events.OfType<ContentEvent>().Select(c => c.Content).Should().Equal("from second");
        events.Should().NotContain(e => e is ErrorEvent);
    }

    [Fact]
    public async Task A_reasoning_token_is_output_so_a_later_failure_ends_the_turn()
    {
        var first = new ScriptedProvider("First", 0) { Events = [new ReasoningEvent { Token = "Thinking" }], FailAfterEvents = Overloaded };
        var second = new ScriptedProvider("Second", 1);
        using var harness = new RoutingHarness(null, first, second);

        var events = await harness.ConverseAsync(RoutingHarness.Request());

        events.Last().Should().BeOfType<ErrorEvent>().Which.Message.Should().Be("ResponseStatusError: Response 503: overloaded");
        second.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unexpected_exception_reaches_the_client_as_its_type_only()
    {
        using var harness = new RoutingHarness(null, new ThrowingProvider(new InvalidOperationException("secret https://host/?key=sk-hidden")));

        var events = await harness.ConverseAsync(RoutingHarness.Request(provider: "Thrower"));

        var error = events.Last().Should().BeOfType<ErrorEvent>().Subject;
        error.Message.Should().Be("ResponseError: Thrower failed unexpectedly (InvalidOperationException)");
    }

    [Fact]
    public async Task A_model_known_only_from_configured_capability_lists_is_routed()
    {
        var first = new ScriptedProvider("First") { Models = ["chat-only"], Descriptor = new() { Name = "First", Label = "First", ImageModels = ["flux"] } };
        using var harness = new RoutingHarness(null, first);

        var events = await harness.ConverseAsync(RoutingHarness.Request(model: "flux"));

        events.Should().NotContain(e => e is ErrorEvent);
        first.Calls.Single().Model.Should().Be("flux");
    }

    [Fact]
    public async Task Providers_whose_listing_failed_are_tried_after_those_known_to_serve_the_model()
    {
        var down = new ScriptedProvider("Unlisted", 0) { ListingFailure = new ProviderException("ConnectionError", "down"), Events = [new ContentEvent("from unlisted")] };
        var serving = new ScriptedProvider("Serving", 1) { Events = [], FailAfterEvents = Overloaded };
        using var harness = new RoutingHarness(null, down, serving);

        var events = await harness.ConverseAsync(RoutingHarness.Request());

        events.OfType<ProviderEvent>().Skip(1).Select(p => p.Provider.Name).Should().Equal("Serving", "Unlisted");
        events.OfType<ContentEvent>().Single().Content.Should().Be("from unlisted");
    }

    private sealed class ThrowingProvider(Exception exception) : IChatProvider
    {
        public ProviderDescriptor Descriptor { get; } = new() { Name = "Thrower", Label = "Thrower" };

        public Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, CancellationToken cancellationToken) => throw exception;
    }
}
