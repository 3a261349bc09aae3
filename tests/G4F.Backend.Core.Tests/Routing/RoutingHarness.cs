using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using G4F.Backend.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Routing;

/// <summary>The real router, catalog and conversation service over host-registered scripted providers.</summary>
internal sealed class RoutingHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public RoutingHarness(Action<G4FBackendOptions>? configure, params IChatProvider[] providers)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            configure?.Invoke(o);
        });
        foreach (var provider in providers)
        {
            services.AddSingleton<IChatProvider>(provider);
        }

        _services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public ModelCatalog Catalog => _services.GetRequiredService<ModelCatalog>();

    public ConversationService Conversations => _services.GetRequiredService<ConversationService>();

    public CandidateSelector Selector => _services.GetRequiredService<CandidateSelector>();

    public FailoverExecutor Failover => _services.GetRequiredService<FailoverExecutor>();

    public BackendTelemetry Telemetry => _services.GetRequiredService<BackendTelemetry>();

    public async Task<List<ResponseEvent>> ConverseAsync(ChatRequest request)
    {
        var events = new List<ResponseEvent>();
        var outcome = await Conversations.RunAsync(request, TurnInput.None);
        if (outcome.Refusal is { } refusal)
        {
            throw new InvalidOperationException($"The turn was refused: {refusal.StatusCode} {refusal.Message}");
        }

        await foreach (var e in outcome.Events)
        {
            events.Add(e);
        }

        return events;
    }

    public static ChatRequest Request(string? model = "model-a", string? provider = null) => new()
    {
        Messages = [new System.Text.Json.Nodes.JsonObject { ["role"] = "user", ["content"] = "Hi" }],
        Model = model,
        Provider = provider,
    };

    public void Dispose() => _services.Dispose();
}
