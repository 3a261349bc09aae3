using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using Microsoft.Extensions.AI;

namespace G4F.Backend.Providers;

/// <summary>Placeholder: being implemented.</summary>
internal sealed class ChatClientProvider : IChatProvider
{
    public ChatClientProvider(string name, ProviderOptions options, IChatClient chatClient, TimeProvider timeProvider)
    {
        _ = (chatClient, timeProvider);
        Descriptor = ProviderDescriptorFactory.Create(name, options);
    }

    public ProviderDescriptor Descriptor { get; }

    public Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken) => throw new NotImplementedException();

    public async IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new NotImplementedException();
#pragma warning disable CS0162
        yield break;
#pragma warning restore CS0162
    }
}
