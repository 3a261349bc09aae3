using G4F.Backend.Core.Tests.Architecture.Fixtures.Zeta;

namespace G4F.Backend.Core.Tests.Architecture.Fixtures.Beta;

internal sealed class Ring
{
    public static string Close() => Ringside.Name();
}
