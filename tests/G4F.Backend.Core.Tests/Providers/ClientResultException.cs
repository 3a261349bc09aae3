namespace System.ClientModel;

/// <summary>Stands in for the OpenAI SDK's exception, which Core recognises by its full name.</summary>
internal sealed class ClientResultException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;
}
