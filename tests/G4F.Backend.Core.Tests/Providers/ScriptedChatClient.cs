using Microsoft.Extensions.AI;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>A chat client at the edge of the tests: plays a script of updates and records what it was asked.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> _script;

    public ScriptedChatClient(Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> script)
    {
        _script = script;
    }

    public ScriptedChatClient(params ChatResponseUpdate[] updates)
        : this(_ => Play(updates))
    {
    }

    public List<ChatMessage>? Messages { get; private set; }

    public ChatOptions? Options { get; private set; }

    public CancellationToken CancellationToken { get; private set; }

    public ChatClientMetadata? Metadata { get; init; }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Messages = [.. messages];
        Options = options;
        CancellationToken = cancellationToken;
        return _script(cancellationToken);
    }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The provider must stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata : null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> Play(ChatResponseUpdate[] updates)
    {
        foreach (var update in updates)
        {
            await Task.Yield();
            yield return update;
        }
    }
}
