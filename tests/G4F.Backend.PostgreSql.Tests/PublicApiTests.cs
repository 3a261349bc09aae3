using System.Reflection;
using PublicApiGenerator;

namespace G4F.Backend.PostgreSql.Tests;

/// <summary>
/// Each package's public surface is kept next to the package as <c>src/&lt;package&gt;/PublicAPI.txt</c>, so a change to
/// it shows up in review as a diff of that file. On a difference the test writes <c>PublicAPI.received.txt</c> beside
/// the baseline (ignored by git): review it, then move it over the baseline.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        IncludeAssemblyAttributes = false,
        // The builder step lives in the framework namespace, which the generator skips by default.
        AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
    };

    [Fact]
    public void PostgreSql_public_api_matches_its_baseline() =>
        MatchesBaseline(typeof(Microsoft.Extensions.DependencyInjection.G4FBackendPostgreSqlBuilderExtensions).Assembly, "G4F.Backend.PostgreSql");

    private static void MatchesBaseline(Assembly assembly, string package)
    {
        var api = assembly.GeneratePublicApi(Options).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        var folder = Path.Combine(RepositoryRoot(), "src", package);
        var baseline = Path.Combine(folder, "PublicAPI.txt");
        var received = Path.Combine(folder, "PublicAPI.received.txt");
        if (File.Exists(baseline) && File.ReadAllText(baseline).ReplaceLineEndings("\n") == api)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, api);
        Assert.Fail($"The public API of {package} differs from {baseline}. Review {received} and move it over the baseline if the change is meant.");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "G4F.Backend.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The test runs outside the repository: G4F.Backend.sln was not found above " + AppContext.BaseDirectory);
    }
}
