namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// The memory-measuring tests run one after another and after the parallel tests, so the machine's other work does
/// not slow a conversion into its time limit, and bombs never run side by side unless a test means them to.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConversionMemoryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Conversion memory";
}
