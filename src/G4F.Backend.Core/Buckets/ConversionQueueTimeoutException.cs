namespace G4F.Backend.Buckets;

/// <summary>No conversion slot came free within <see cref="BucketOptions.ConversionQueueTimeout"/>.</summary>
internal sealed class ConversionQueueTimeoutException : Exception
{
    /// <summary>The message shown to the client for the file that waited.</summary>
    public const string ClientMessage = "The server is busy converting other files; try this file again later";

    public ConversionQueueTimeoutException()
        : base(ClientMessage)
    {
    }

    public ConversionQueueTimeoutException(string message)
        : base(message)
    {
    }

    public ConversionQueueTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
