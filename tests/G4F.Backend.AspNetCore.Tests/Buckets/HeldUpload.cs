using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// A multipart upload of one file part (field <c>files</c>) whose body is sent in two halves: the part header and the
/// first <c>heldAfter</c> bytes, then, once <c>gate</c> completes, the rest. The test client streams such a body to
/// the server as it is written, so the test can look at the server while the request is still arriving.
/// </summary>
internal sealed class HeldUpload : HttpContent
{
    private readonly string _name;
    private readonly byte[] _content;
    private readonly int _heldAfter;
    private readonly Func<Task> _gate;

    public HeldUpload(string name, byte[] content, int heldAfter, Func<Task> gate)
    {
        (_name, _content, _heldAfter, _gate) = (name, content, heldAfter, gate);
        Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=held");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"--held\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{_name}\"\r\nContent-Type: text/plain\r\n\r\n"));
        await stream.WriteAsync(_content.AsMemory(0, _heldAfter));
        await stream.FlushAsync();
        await _gate();
        await stream.WriteAsync(_content.AsMemory(_heldAfter));
        await stream.WriteAsync("\r\n--held--\r\n"u8.ToArray());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, polling; gives up after <paramref name="limit"/> (then the test's
    /// own assertions fail). Only a failing test ever waits that long.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
