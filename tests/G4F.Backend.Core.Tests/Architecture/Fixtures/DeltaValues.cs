namespace G4F.Backend.Core.Tests.Architecture.Fixtures.Delta;

internal static class DeltaValues
{
    public static readonly int Answer = 42;
}
