namespace G4F.Backend.Documents;

/// <summary>No conversion slot came free within <c>G4F:Buckets:ConversionQueueTimeout</c>.</summary>
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
