using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>An <see cref="IChatClient"/> at the edge of the world: answers "echo: " and the last user text.</summary>
internal sealed class EchoChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "echo: " + messages.Last().Text)));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, "echo: ");
        yield return new ChatResponseUpdate(ChatRole.Assistant, messages.Last().Text);
        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
