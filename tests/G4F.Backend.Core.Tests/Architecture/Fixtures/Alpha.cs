using G4F.Backend.Core.Tests.Architecture.Fixtures.Beta;
using G4F.Backend.Core.Tests.Architecture.Fixtures.Delta;
using G4F.Backend.Core.Tests.Architecture.Fixtures.Epsilon;
using G4F.Backend.Core.Tests.Architecture.Fixtures.Gamma;

namespace G4F.Backend.Core.Tests.Architecture.Fixtures.Alpha;

/// <summary>Names other fixture namespaces only inside method bodies, lambdas, an async method and an iterator.</summary>
internal static class BodyOnly
{
    public static object Plain() => new Ring();

    public static Func<int, int> Lambda(int offset) => x => GammaMath.Add(x, offset);

    public static async Task<int> LaterAsync()
    {
        await Task.Yield();
        return DeltaValues.Answer;
    }

    public static IEnumerable<string> Names()
    {
        yield return typeof(EpsilonMarker).Name;
    }
}
