using G4F.Backend.Providers;
using G4F.Backend.Storage;

namespace G4F.Backend.Speech;

/// <summary>
/// The upstream's audio body: each read runs under the provider's idle limit, and disposing it releases
/// the response and the timers. Audio has no lines, so unlike <see cref="UpstreamBodyStream"/> nothing is counted.
/// </summary>
internal sealed class SpeechAudioStream(Stream inner, HttpResponseMessage response, UpstreamTimeouts timeouts) : ReadOnlyWrapperStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        timeouts.Arm();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeouts.Token);
        var read = await Inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        timeouts.Received();
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        timeouts.Arm();
        var read = Inner.Read(buffer);
        timeouts.Received();
        return read;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
        timeouts.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            response.Dispose();
            timeouts.Dispose();
        }
    }
}
