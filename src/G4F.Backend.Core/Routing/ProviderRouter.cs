namespace G4F.Backend.Routing;

internal sealed class ProviderRouter
{
}
