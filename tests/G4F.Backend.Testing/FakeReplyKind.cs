namespace G4F.Backend.Testing;

/// <summary>The body shape of a <see cref="FakeReply"/>.</summary>
internal enum FakeReplyKind
{
    /// <summary>Text chunks rendered in the route's dialect.</summary>
    Text,

    /// <summary>Raw SSE <c>data:</c> payloads.</summary>
    RawSse,

    /// <summary>Raw NDJSON lines.</summary>
    RawNdjson,

    /// <summary>Raw bytes, written exactly as given.</summary>
    RawBytes,

    /// <summary>A complete response with a status and a body.</summary>
    Status,
}
