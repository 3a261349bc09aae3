namespace G4F.Backend.Conversations;

/// <summary>Reading the files of a bucket for a turn failed; the reason names server paths, so it stays in the server's log.</summary>
internal sealed class BucketReadException : Exception
{
    public BucketReadException()
    {
    }

    public BucketReadException(string message)
        : base(message)
    {
    }

    public BucketReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
