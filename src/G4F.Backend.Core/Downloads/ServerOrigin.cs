namespace G4F.Backend.Downloads;

/// <summary>The origin (<c>scheme://host[:port]</c>) a request reached this server at: a URL with it is this server's own.</summary>
internal static class ServerOrigin
{
    /// <summary>Whether <paramref name="uri"/> points at <paramref name="serverOrigin"/> (false when the origin is unknown).</summary>
    public static bool Owns(string? serverOrigin, Uri uri) =>
        serverOrigin is not null && string.Equals(uri.GetLeftPart(UriPartial.Authority), serverOrigin, StringComparison.OrdinalIgnoreCase);
}
