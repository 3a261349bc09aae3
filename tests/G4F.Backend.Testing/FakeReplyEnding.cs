namespace G4F.Backend.Testing;

/// <summary>What a streamed <see cref="FakeReply"/> does after its chunks.</summary>
internal enum FakeReplyEnding
{
    /// <summary>Ends the response normally.</summary>
    Complete,

    /// <summary>Keeps the response open until the client goes away.</summary>
    Hang,

    /// <summary>Aborts the connection.</summary>
    Abort,
}
