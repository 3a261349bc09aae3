namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>Tests that weigh the process's live heap: they run alone, after the parallel ones, so no other test's allocations count.</summary>
[CollectionDefinition(nameof(HeapMeasuringCollection), DisableParallelization = true)]
public sealed class HeapMeasuringCollection;
