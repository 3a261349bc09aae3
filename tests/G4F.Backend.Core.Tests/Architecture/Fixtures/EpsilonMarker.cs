namespace G4F.Backend.Core.Tests.Architecture.Fixtures.Epsilon;

internal sealed class EpsilonMarker;
