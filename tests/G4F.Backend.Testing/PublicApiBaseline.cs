using System.Reflection;
using PublicApiGenerator;

namespace G4F.Backend.Testing;

/// <summary>
/// Each package's public surface is kept next to the package as <c>src/&lt;package&gt;/PublicAPI.txt</c>, so a change to
/// it shows up in review as a diff of that file. On a difference <see cref="Compare"/> writes <c>PublicAPI.received.txt</c>
/// beside the baseline (ignored by git): review it, then move it over the baseline.
/// </summary>
public static class PublicApiBaseline
{
    /// <summary>Compares <paramref name="assembly"/>'s public API with <c>src/<paramref name="package"/>/PublicAPI.txt</c>.</summary>
    /// <param name="assembly">The package's assembly.</param>
    /// <param name="package">The package's folder name under <c>src/</c>.</param>
    /// <param name="allowNamespacePrefixes">
    /// Framework namespaces the package puts entry points in (as YARP does), which the generator skips unless named.
    /// </param>
    /// <returns>Null when they match; otherwise what differs and where the received API was written.</returns>
    public static string? Compare(Assembly assembly, string package, params string[] allowNamespacePrefixes)
    {
        var options = new ApiGeneratorOptions { IncludeAssemblyAttributes = false, AllowNamespacePrefixes = allowNamespacePrefixes };
        var api = assembly.GeneratePublicApi(options).ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
        var folder = Path.Combine(RepositoryPaths.Root(), "src", package);
        var baseline = Path.Combine(folder, "PublicAPI.txt");
        var received = Path.Combine(folder, "PublicAPI.received.txt");
        if (File.Exists(baseline) && File.ReadAllText(baseline).ReplaceLineEndings("\n") == api)
        {
            File.Delete(received);
            return null;
        }

        File.WriteAllText(received, api);
        return $"The public API of {package} differs from {baseline}. Review {received} and move it over the baseline if the change is meant.";
    }
}
