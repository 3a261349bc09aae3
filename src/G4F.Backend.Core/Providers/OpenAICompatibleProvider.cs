using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Providers;

/// <summary>Placeholder: being implemented.</summary>
internal sealed class OpenAICompatibleProvider : IChatProvider
{
    public OpenAICompatibleProvider(string name, ProviderOptions options, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<OpenAICompatibleProvider> logger)
    {
        _ = (options, httpClientFactory, timeProvider, logger);
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
