using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Routing;

public sealed class ModelCatalogTests
{
    [Fact]
    public async Task Concurrent_callers_share_one_lookup_when_cold_and_after_expiry()
    {
        var provider = new ScriptedProvider("First") { ListingWork = TimeSpan.FromMilliseconds(20) };
        using var harness = new RoutingHarness(o => o.ModelCacheDuration = TimeSpan.FromMinutes(1), provider);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => harness.Catalog.GetModelsAsync(provider, CancellationToken.None))));
        provider.Listings.Should().Be(1);

        harness.Time.Advance(TimeSpan.FromMinutes(2));
        var lists = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => harness.Catalog.GetModelsAsync(provider, CancellationToken.None))));

        provider.Listings.Should().Be(2);
        lists.Should().OnlyContain(l => l.SequenceEqual(new[] { "model-a" }));
    }

    [Fact]
    public async Task A_failed_listing_is_remembered_for_the_failure_duration_then_retried()
    {
        var provider = new ScriptedProvider("First") { ListingFailure = new ProviderException("ConnectionError", "down") };
        using var harness = new RoutingHarness(o => o.ModelFailureCacheDuration = TimeSpan.FromSeconds(30), provider);

        (await harness.Catalog.GetModelsAsync(provider, CancellationToken.None)).Should().BeEmpty();
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        (await harness.Catalog.GetModelsAsync(provider, CancellationToken.None)).Should().BeEmpty();
        provider.Listings.Should().Be(1);

        provider.ListingFailure = null;
        harness.Time.Advance(TimeSpan.FromSeconds(25));
        (await harness.Catalog.GetModelsAsync(provider, CancellationToken.None)).Should().Equal("model-a");
        provider.Listings.Should().Be(2);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_lookup()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new ScriptedProvider("First") { ListingGate = gate.Task };
        using var harness = new RoutingHarness(null, provider);
        using var impatient = new CancellationTokenSource();

        var gaveUp = harness.Catalog.GetModelsAsync(provider, impatient.Token);
        impatient.Cancel();
        await gaveUp.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        var patient = harness.Catalog.GetModelsAsync(provider, CancellationToken.None);
        gate.SetResult();

        (await patient).Should().Equal("model-a");
        provider.Listings.Should().Be(1);
    }

    [Fact]
    public async Task A_key_from_the_client_bypasses_the_cache_and_surfaces_errors()
    {
        var provider = new ScriptedProvider("First");
        using var harness = new RoutingHarness(null, provider);

        await harness.Catalog.GetModelsAsync(provider, CancellationToken.None);
        await harness.Catalog.GetModelsOrThrowAsync(provider, "sk-client", CancellationToken.None);
        provider.ListingFailure = new ProviderException("MissingAuthError", "Response 401: bad key", isAuthError: true);
        var withKey = () => harness.Catalog.GetModelsOrThrowAsync(provider, "sk-client", CancellationToken.None);

        await withKey.Should().ThrowAsync<ProviderException>().Where(e => e.IsAuthError);
        provider.Listings.Should().Be(3);
    }
}
