using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// The ETag of a served file: <c>"&lt;ticks of its time, hex&gt;-&lt;length, hex&gt;"</c>, the one shape of every route that
/// serves files (media, bucket files, the web client), so a file's tag changes exactly when its time or size does.
/// </summary>
internal static class FileVersionTag
{
    public static EntityTagHeaderValue Of(DateTimeOffset lastModified, long length) =>
        new($"\"{lastModified.UtcTicks:x}-{length:x}\"");
}
