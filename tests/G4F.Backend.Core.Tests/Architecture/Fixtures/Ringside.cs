using G4F.Backend.Core.Tests.Architecture.Fixtures.Beta;

namespace G4F.Backend.Core.Tests.Architecture.Fixtures.Zeta;

internal static class Ringside
{
    public static string Name() => "ring";

    public static object Open() => new Ring();
}
