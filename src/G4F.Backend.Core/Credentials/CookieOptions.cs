using G4F.Backend.Configuration;
namespace G4F.Backend.Credentials;

/// <summary>
/// Limits of the uploaded cookie store (configuration <c>G4F:Cookies</c>): an upload beyond them is refused whole and the
/// cookies stored before stay in use; the <c>Cookie</c> header sent upstream never exceeds <see cref="MaxHeaderBytes"/>.
/// </summary>
public sealed class CookieOptions
{
    /// <summary>Most distinct cookies (domain, name, path) one upload may hold for one domain, as browsers keep; more get 400. Default 180.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Cookies:MaxPerDomain must be positive.")]
    public int MaxPerDomain { get; set; } = 180;

    /// <summary>Largest cookie (name and value) in bytes, as browsers keep; a larger one makes the upload 413. Default 4096.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Cookies:MaxCookieBytes must be positive.")]
    public int MaxCookieBytes { get; set; } = 4096;

    /// <summary>Most bytes of cookies (names and values) one upload may hold for one domain; more get 413. Default 64 KiB.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Cookies:MaxBytesPerDomain must be positive.")]
    public int MaxBytesPerDomain { get; set; } = 64 * 1024;

    /// <summary>
    /// Most bytes all stored cookie files may take together, the upload included (an upload under a stored file's name
    /// replaces it); more get 413. Each file is stored as its usable cookies in compact form (domain, name, value, path,
    /// expiry as JSON) and counts those bytes, so the store's disk and a refresh's memory stay within this. Default 4 MiB.
    /// </summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Cookies:MaxTotalBytes must be positive.")]
    public long MaxTotalBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// Longest <c>Cookie</c> header value sent upstream in bytes. Cookies of the newest upload come first, each file in its
    /// own order; a cookie that would take the header over the limit is left out. Default 8 KiB.
    /// </summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Cookies:MaxHeaderBytes must be positive.")]
    public int MaxHeaderBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// How long the in-memory index of the stored cookie files is used before the store is asked whether it changed (a
    /// file uploaded on another instance, or written into the folder by hand); the files are read again only when it did.
    /// Zero asks on every request that sends cookies. An upload always checks the store first. Default 5 seconds.
    /// </summary>
    [SpanBounds("00:00:00", OptionLimits.MaxCacheDuration, ErrorMessage = "G4F:Cookies:RefreshInterval must not be negative (at most 3650.00:00:00).")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
