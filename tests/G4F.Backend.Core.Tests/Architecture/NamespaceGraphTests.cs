using G4F.Backend.Core.Tests.Architecture.Fixtures.Alpha;

namespace G4F.Backend.Core.Tests.Architecture;

/// <summary>The graph reader itself, on small fixtures whose only references hide where signatures do not show them.</summary>
public sealed class NamespaceGraphTests
{
    private const string Fixtures = "G4F.Backend.Core.Tests.Architecture.Fixtures";

    private static readonly NamespaceGraph Graph = NamespaceGraph.Of(
        typeof(BodyOnly).Assembly,
        n => n.StartsWith(Fixtures + ".", StringComparison.Ordinal));

    [Theory]
    [InlineData("Alpha", "Beta")] // newobj in a plain method body
    [InlineData("Alpha", "Gamma")] // a static call inside a lambda's closure class
    [InlineData("Alpha", "Delta")] // a field read after an await, in the async state machine
    [InlineData("Alpha", "Epsilon")] // ldtoken (typeof) in an iterator
    public void References_inside_method_bodies_count_for_the_declaring_namespace(string from, string to) =>
        Graph.DependenciesOf($"{Fixtures}.{from}").Should().Contain($"{Fixtures}.{to}");

    [Fact]
    public void A_cycle_is_reported_with_its_path_and_the_reference_of_each_step()
    {
        var cycle = Graph.Cycles().Should().ContainSingle().Subject;

        cycle.Should().Equal($"{Fixtures}.Beta", $"{Fixtures}.Zeta", $"{Fixtures}.Beta");
        Graph.Describe(cycle).Should().Contain("Ring.Close uses Ringside").And.Contain("Ringside.Open uses Ring");
    }

    [Fact]
    public void No_path_where_the_references_only_point_the_other_way() =>
        Graph.PathBetween($"{Fixtures}.Beta", $"{Fixtures}.Alpha").Should().BeNull();
}
