namespace G4F.Backend.Downloads;

/// <summary>
/// A download the <see cref="SafeDownloader"/> refused or could not finish. The message is safe to show to a
/// client: it never names a resolved address, a server path or a proxy.
/// </summary>
internal sealed class DownloadException : Exception
{
    public DownloadException(DownloadFailure reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public DownloadException(DownloadFailure reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public DownloadException()
        : this(DownloadFailure.Network, "The download failed.")
    {
    }

    public DownloadException(string message)
        : this(DownloadFailure.Network, message)
    {
    }

    public DownloadException(string message, Exception innerException)
        : this(DownloadFailure.Network, message, innerException)
    {
    }

    /// <summary>The kind of failure, for status codes and logs.</summary>
    public DownloadFailure Reason { get; }

    /// <summary>The status the server answered, for a <see cref="DownloadFailure.HttpStatus"/> failure that had one; else null.</summary>
    public int? StatusCode { get; init; }
}
