namespace G4F.Backend.Core.Tests.Providers;

/// <summary>Counts the response body bytes a provider actually reads, to show that it stops early.</summary>
internal sealed class ReadCountingHandler : DelegatingHandler
{
    private long _bytesRead;

    /// <summary>Body bytes read through the response content so far (not what HttpClient drains on dispose).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    internal void Add(int count) => Interlocked.Add(ref _bytesRead, count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var original = response.Content;
        var counted = new StreamContent(new CountingReadStream(await original.ReadAsStreamAsync(cancellationToken), this));
        foreach (var (name, values) in original.Headers)
        {
            counted.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = counted;
        return response;
    }
}
