using System.Text.Json;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The library packages emit telemetry through the BCL's <c>System.Diagnostics</c> types only: OpenTelemetry is the
/// host's choice (the sample wires it), never a dependency a package brings into an application.
/// </summary>
public sealed class TelemetryDependencyTests
{
    public static TheoryData<string> Packages => ["G4F.Backend.Core", "G4F.Backend.AspNetCore", "G4F.Backend.PostgreSql"];

    [Fact]
    public void The_built_assemblies_reference_no_OpenTelemetry_assembly()
    {
        foreach (var assembly in new[] { typeof(G4FBackendOptions).Assembly, typeof(Microsoft.AspNetCore.Builder.G4FOpenAIEndpointRouteBuilderExtensions).Assembly })
        {
            assembly.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(
                name => name != null && name.StartsWith("OpenTelemetry", StringComparison.OrdinalIgnoreCase), $"{assembly.GetName().Name} uses System.Diagnostics only");
            assembly.GetReferencedAssemblies().Should().Contain(a => a.Name == "System.Diagnostics.DiagnosticSource" || a.Name == "System.Runtime", "the check reads real references");
        }
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_package_depends_on_no_OpenTelemetry_package_even_through_another(string package)
    {
        // The restore's resolved graph: every package the project brings along, direct or transitive (an unused reference
        // leaves no trace in the built assembly, but still lands in the application that installs the package).
        var assets = Path.Combine(RepositoryPaths.Root(), "src", package, "obj", "project.assets.json");
        File.Exists(assets).Should().BeTrue($"{assets} is written by the restore that built this test");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = document.RootElement.GetProperty("targets").EnumerateObject().SelectMany(t => t.Value.EnumerateObject()).Select(l => l.Name.Split('/')[0]).ToList();

        libraries.Should().NotBeEmpty("each package depends on others (Core on Microsoft.Extensions.*, the others on Core)");
        libraries.Should().NotContain(name => name.StartsWith("OpenTelemetry", StringComparison.OrdinalIgnoreCase));
    }
}
