using G4F.Backend.Downloads;
namespace G4F.Backend.Conversations;

/// <summary>
/// A URL attached to a turn could not be fetched: the turn ends with one <c>error</c> event named
/// <see cref="ErrorName"/> instead of calling the provider, since an answer that silently ignored the medium the user
/// asked about would be misleading. The message names the host only, never the path or query.
/// </summary>
internal sealed class TurnMediaException : Exception
{
    /// <summary>The <c>error</c> field of the event.</summary>
    public const string ErrorName = "MediaError";

    public TurnMediaException(string host, DownloadException innerException)
        : base($"Fetching media from {host} failed: {innerException?.Message}", innerException)
    {
        Host = host;
        Reason = innerException?.Reason ?? DownloadFailure.Network;
    }

    public TurnMediaException()
        : this("(unknown host)", new DownloadException())
    {
    }

    public TurnMediaException(string message)
        : base(message)
    {
        Host = "(unknown host)";
    }

    public TurnMediaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Host = "(unknown host)";
    }

    /// <summary>The host of the URL that failed.</summary>
    public string Host { get; }

    /// <summary>Why the download failed.</summary>
    public DownloadFailure Reason { get; }

    /// <summary>The <c>message</c> field of the event: <c>"MediaError: Fetching media from &lt;host&gt; failed: &lt;reason&gt;"</c>.</summary>
    public string ProtocolMessage => $"{ErrorName}: {Message}";
}
