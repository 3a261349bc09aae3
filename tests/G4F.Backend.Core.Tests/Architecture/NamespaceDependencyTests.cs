using System.Reflection;
using Xunit.Abstractions;

namespace G4F.Backend.Core.Tests.Architecture;

/// <summary>
/// The folders of G4F.Backend.Core (a folder is a namespace is one concern) never depend on each other in circles;
/// the bottom layers never reach the top ones. Read from the compiled assembly, method bodies included.
/// </summary>
public sealed class NamespaceDependencyTests(ITestOutputHelper output)
{
    private static readonly Assembly Core = typeof(G4FBackendOptions).Assembly;

    private static readonly string[] Bottom = ["G4F.Backend.Events", "G4F.Backend.Storage", "G4F.Backend.Downloads"];
    private static readonly string[] Top = ["G4F.Backend.Conversations", "G4F.Backend.QuickAnswers"];

    [Fact]
    public void Core_namespaces_do_not_depend_on_each_other_in_circles()
    {
        var graph = CoreGraph();

        var cycles = graph.Cycles().Select(graph.Describe).ToList();

        foreach (var cycle in cycles)
        {
            output.WriteLine(cycle);
        }

        cycles.Should().BeEmpty("folders of G4F.Backend.Core depend on each other in one direction only");
    }

    [Fact]
    public void Bottom_layers_do_not_reach_the_top_ones()
    {
        var graph = CoreGraph();
        graph.Namespaces.Should().Contain(Bottom).And.Contain(Top);

        var paths = (from low in Bottom
                     from high in Top
                     let path = graph.PathBetween(low, high)
                     where path is not null
                     select graph.Describe(path)).ToList();

        paths.Should().BeEmpty("Events, Storage and Downloads sit at the bottom, Conversations and QuickAnswers on top");
    }

    // Nothing is left out: the options root (G4F.Backend) names every feature's section, so a feature that named the
    // root back (a From(G4FBackendOptions) adapter, a select lambda, a loose type at the root) would close a circle here.
    // Only the composition root (Microsoft.Extensions.DependencyInjection) cuts the root into sections.
    private static NamespaceGraph CoreGraph() =>
        NamespaceGraph.Of(Core, IsCoreNamespace);

    // Compiler- and generator-embedded helpers (System.Runtime.CompilerServices, Microsoft.CodeAnalysis,
    // System.Text.RegularExpressions.Generated) are not folders of ours.
    private static bool IsCoreNamespace(string name) =>
        name == "G4F.Backend" || name.StartsWith("G4F.Backend.", StringComparison.Ordinal)
        || name == "Microsoft.Extensions.DependencyInjection";
}
