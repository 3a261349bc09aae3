using System.Text;
using G4F.Backend.Buckets;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>
/// The bucket stream's plain mode: only the text, piece by piece. Unlike the original no <c>data:</c> action lines
/// leak into the text (PROTOCOL 14.14).
/// </summary>
internal sealed class PlainTextBucketSink(HttpResponse response) : IBucketReadSink
{
    public ValueTask DownloadedAsync(int count, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask TextAsync(string piece, long size, bool refine, CancellationToken cancellationToken)
    {
        var writer = response.BodyWriter;
        Encoding.UTF8.GetBytes(piece, writer);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask MediaAsync(string fileName, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask FilesDeletedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DoneAsync(long size, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
