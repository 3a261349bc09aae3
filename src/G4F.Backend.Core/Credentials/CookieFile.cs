namespace G4F.Backend.Credentials;

/// <summary>One stored cookie file.</summary>
/// <param name="Name">The sanitised file name (<c>.json</c> or <c>.har</c>).</param>
/// <param name="Content">The file as stored (possibly cut, see <see cref="ICookieFileStore.ListAsync"/>).</param>
public sealed record CookieFile(string Name, ReadOnlyMemory<byte> Content);
