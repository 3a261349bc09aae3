using System.Buffers;
using System.Text.Json;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Buckets;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// The bucket stream's event mode: frames exactly <c>data: &lt;json&gt;\n\n</c>, no <c>event:</c> line (the client
/// listens with <c>EventSource.onmessage</c>, which only sees unnamed events), one flush per frame.
/// </summary>
internal sealed class EventStreamBucketSink(HttpResponse response) : IBucketReadSink
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();

    public ValueTask DownloadedAsync(int count, CancellationToken cancellationToken) =>
        WriteAsync(new BucketStreamAction("download", Count: count), cancellationToken);

    // The pieces themselves are not sent: the client only shows progress and reads the text with a plain GET later.
    public ValueTask TextAsync(string piece, long size, bool refine, CancellationToken cancellationToken) =>
        WriteAsync(new BucketStreamAction(refine ? "refine" : "load", Size: size), cancellationToken);

    public ValueTask MediaAsync(string fileName, CancellationToken cancellationToken) =>
        WriteAsync(new BucketStreamAction("media", Filename: fileName), cancellationToken);

    public ValueTask FilesDeletedAsync(CancellationToken cancellationToken) =>
        WriteAsync(new BucketStreamAction("delete_files"), cancellationToken);

    public ValueTask DoneAsync(long size, CancellationToken cancellationToken) =>
        WriteAsync(new BucketStreamAction("done", Size: size), cancellationToken);

    /// <summary>The failure frame after the stream started; the stream ends after it.</summary>
    public ValueTask ErrorAsync(string message, CancellationToken cancellationToken) =>
        WriteFrameAsync(JsonSerializer.SerializeToUtf8Bytes(new ErrorEnvelope(new ErrorDetail(message)), BackendJsonContext.Default.ErrorEnvelope), cancellationToken);

    private ValueTask WriteAsync(BucketStreamAction action, CancellationToken cancellationToken) =>
        WriteFrameAsync(JsonSerializer.SerializeToUtf8Bytes(action, BucketJsonContext.Default.BucketStreamAction), cancellationToken);

    private async ValueTask WriteFrameAsync(byte[] json, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        writer.Write(DataPrefix);
        writer.Write(json);
        writer.Write(FrameEnd);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
