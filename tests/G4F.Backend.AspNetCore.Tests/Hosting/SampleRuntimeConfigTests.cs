using System.Text.Json;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The garbage collector settings the sample's build carries in its runtimeconfig.json, so that running it needs no
/// environment variable: workstation concurrent collection, a gen0 budget of at most 6 MiB and 1 MiB regions (README, "The
/// sample").
/// </summary>
public sealed class SampleRuntimeConfigTests
{
    [Fact]
    public void The_sample_build_caps_the_gen0_budget_with_a_key_the_runtime_reads_from_runtimeconfig()
    {
        var properties = ConfigProperties();

        properties.GetProperty("System.GC.Server").GetBoolean().Should().BeFalse();
        properties.GetProperty("System.GC.Concurrent").GetBoolean().Should().BeTrue();
        properties.TryGetProperty("System.GC.Gen0MaxBudget", out var budget).Should().BeTrue("the sample caps its gen0 budget itself");
        budget.GetInt64().Should().Be(6L * 1024 * 1024);

        // The runtime reads the gen0 size only from DOTNET_GCgen0size: in runtimeconfig.json it would look set and do nothing.
        properties.TryGetProperty("System.GC.Gen0Size", out _).Should().BeFalse();
    }

    [Fact]
    public void The_sample_build_sizes_its_GC_regions_at_1_MiB()
    {
        var properties = ConfigProperties();

        properties.TryGetProperty("System.GC.RegionSize", out var size).Should().BeTrue("the sample's heap of a few MB live is committed in region steps");
        size.GetInt64().Should().Be(1024 * 1024);
    }

    private static JsonElement ConfigProperties()
    {
        var path = Path.ChangeExtension(SampleProcess.AssemblyPath(), ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
