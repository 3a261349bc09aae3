using G4F.Backend.Events;

namespace G4F.Backend.Providers;

/// <summary>
/// An upstream chat service. Implementations stream a turn as protocol events and signal failures
/// by throwing <see cref="ProviderException"/> (or letting <see cref="OperationCanceledException"/>
/// through when <c>cancellationToken</c> fires).
/// </summary>
public interface IChatProvider
{
    /// <summary>What clients and the router know about the provider.</summary>
    ProviderDescriptor Descriptor { get; }

    /// <summary>Lists the upstream's model ids.</summary>
    /// <param name="apiKey">A key to list with, or null for the configured one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The model ids.</returns>
    Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken);

    /// <summary>
    /// Streams one assistant turn: content, reasoning, tool calls, finish and usage events in upstream
    /// order, one event per upstream chunk, without buffering the answer.
    /// </summary>
    /// <param name="request">The turn, with <see cref="ChatRequest.Model"/> and <see cref="ChatRequest.ApiKey"/> resolved for this provider.</param>
    /// <param name="cancellationToken">Cancels the upstream request (client disconnect).</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, CancellationToken cancellationToken);
}
