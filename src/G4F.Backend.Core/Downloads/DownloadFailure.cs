namespace G4F.Backend.Downloads;

/// <summary>Why the safe downloader gave up on a URL.</summary>
internal enum DownloadFailure
{
    /// <summary>The URL or a redirect hop breaks the rules of PROTOCOL 7.5 (scheme, userinfo, non-public address).</summary>
    Unsafe,

    /// <summary>The body is larger than allowed.</summary>
    TooLarge,

    /// <summary>The whole download took longer than allowed.</summary>
    Timeout,

    /// <summary>Media were required and the response is not image, audio or video.</summary>
    NotMedia,

    /// <summary>The server answered with a status other than 2xx, or too many redirects.</summary>
    HttpStatus,

    /// <summary>The host could not be resolved or reached, or the connection broke.</summary>
    Network,

    /// <summary>The body could not be written to local storage (disk full, permissions): this server's fault, not the remote one's.</summary>
    Storage,
}
