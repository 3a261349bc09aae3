namespace G4F.Backend.Media;

/// <summary>
/// Rules of the safe downloader every server-side fetch of a client-chosen URL goes through
/// (configuration <c>G4F:Downloads</c>; PROTOCOL 7.5).
/// </summary>
public sealed class DownloadOptions
{
    /// <summary>Largest body accepted from one URL in bytes. Default 64 MiB.</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Longest time one download may take, redirects included. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most redirects followed; each hop is checked again. Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Networks in CIDR form (<c>10.1.0.0/16</c>, <c>127.0.0.1/32</c>, <c>fd00::/8</c>) that may be fetched although
    /// they are loopback, private or otherwise non-public. Empty by default: only public addresses are fetched.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];
}
