using G4F.Backend.Providers;
using G4F.Backend.Routing;

namespace G4F.Backend.Core.Tests.Routing;

/// <summary>Which providers a turn may use and in which order, apart from running them.</summary>
public sealed class CandidateSelectorTests
{
    private static async Task<IEnumerable<string>> SelectAsync(RoutingHarness harness, ChatRequest request)
    {
        var candidates = await harness.Selector.SelectAsync(harness.Selector.Resolve(request.Provider), request, CancellationToken.None);
        return candidates.Select(c => c.Descriptor.Name);
    }

    [Fact]
    public async Task Providers_serving_the_model_come_in_priority_order_then_those_whose_listing_failed_and_never_the_others()
    {
        // Registered in another order than their priority (lower numbers first).
        var unlisted = new ScriptedProvider("Unlisted", 0) { ListingFailure = new ProviderException("ConnectionError", "down") };
        var second = new ScriptedProvider("Second", 5);
        var first = new ScriptedProvider("First", 1);
        var other = new ScriptedProvider("Other", 0) { Models = ["model-b"] };
        using var harness = new RoutingHarness(null, unlisted, second, first, other);

        (await SelectAsync(harness, RoutingHarness.Request())).Should().Equal("First", "Second", "Unlisted");
        first.Calls.Should().BeEmpty("selecting runs nothing");
    }

    [Fact]
    public async Task Switched_off_providers_are_left_out_and_a_named_provider_is_alone()
    {
        using var harness = new RoutingHarness(null, new ScriptedProvider("First", 1), new ScriptedProvider("Second", 2));

        (await SelectAsync(harness, RoutingHarness.Request())).Should().Equal("First", "Second");
        (await SelectAsync(harness, RoutingHarness.Request() with { Ignored = ["first"] })).Should().Equal("Second");
        (await SelectAsync(harness, RoutingHarness.Request(provider: "second"))).Should().Equal("Second");
    }

    [Fact]
    public void An_unknown_provider_name_is_refused_and_an_empty_one_routes_automatically()
    {
        using var harness = new RoutingHarness(null, new ScriptedProvider("First"));

        harness.Selector.Resolve(null).Name.Should().Be("AnyProvider");
        harness.Invoking(h => h.Selector.Resolve("Nope")).Should().Throw<ProviderNotFoundException>();
    }
}
