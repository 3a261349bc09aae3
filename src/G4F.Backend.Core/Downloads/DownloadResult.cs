namespace G4F.Backend.Downloads;

/// <summary>What the <see cref="SafeDownloader"/> wrote to the destination stream.</summary>
/// <param name="FinalUrl">The URL of the response after redirects.</param>
/// <param name="ContentType">
/// The media type without parameters, lower case (<c>text/html</c>); for an octet-stream recognised by its first bytes
/// the recognised type (<c>image/png</c>); null when the server sent none.
/// </param>
/// <param name="Charset">The <c>charset</c> parameter of the content type, or null.</param>
/// <param name="FileName">
/// A suggested file name, already sanitised (PROTOCOL 1.6): the <c>Content-Disposition</c> file name, else the last
/// segment of the final URL's path; null when neither gives a usable name.
/// </param>
/// <param name="LastModified">The response's <c>Last-Modified</c>, else its <c>Date</c>, else null.</param>
/// <param name="Length">Bytes written.</param>
internal sealed record DownloadResult(Uri FinalUrl, string? ContentType, string? Charset, string? FileName, DateTimeOffset? LastModified, long Length);
