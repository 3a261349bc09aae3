namespace G4F.Backend.Core.Tests.Architecture.Fixtures.Gamma;

internal static class GammaMath
{
    public static int Add(int a, int b) => a + b;
}
