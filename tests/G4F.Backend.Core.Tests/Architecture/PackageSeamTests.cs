using System.Reflection;
using System.Runtime.CompilerServices;

namespace G4F.Backend.Core.Tests.Architecture;

/// <summary>
/// G4F.Backend.Core and G4F.Backend.AspNetCore are two packages versioned apart: the HTTP package lives on Core's public
/// surface alone. Core's internals are open to its test and bench assemblies only.
/// </summary>
public sealed class PackageSeamTests
{
    private static readonly Assembly Core = typeof(G4FBackendOptions).Assembly;

    [Fact]
    public void Core_grants_no_internals_to_the_http_package()
    {
        var friends = Friends();

        friends.Should().NotContain("G4F.Backend.AspNetCore", "the HTTP package must compile against Core's public surface");
    }

    [Fact]
    public void Core_grants_internals_to_test_and_bench_assemblies_only()
    {
        var friends = Friends();

        friends.Should().NotBeEmpty().And.OnlyContain(
            name => name.EndsWith(".Tests", StringComparison.Ordinal) || name.EndsWith(".Bench", StringComparison.Ordinal),
            "a shipped assembly that reaches Core's internals breaks when the two are versioned apart");
    }

    // The assembly names, without a public key part.
    private static List<string> Friends() =>
        [.. Core.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName.Split(',')[0].Trim())];
}
