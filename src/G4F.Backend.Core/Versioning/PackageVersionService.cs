namespace G4F.Backend.Versioning;

internal sealed class PackageVersionService
{
}
