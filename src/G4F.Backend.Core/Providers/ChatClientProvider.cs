using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Providers;

/// <summary>A provider backed by any <see cref="IChatClient"/> (Microsoft.Extensions.AI).</summary>
internal sealed class ChatClientProvider : IChatProvider
{
    private readonly IChatClient _chatClient;
    private readonly TimeProvider _timeProvider;
    private readonly ProviderTimeouts _timeouts;
    private readonly ILogger _logger;

    public ChatClientProvider(string name, ProviderOptions options, IChatClient chatClient, TimeProvider timeProvider, ILogger<ChatClientProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _chatClient = chatClient;
        _timeProvider = timeProvider;
        _logger = logger;
        _timeouts = options.Timeouts;
        Descriptor = ProviderDescriptorFactory.Create(name, options);
    }

    public ProviderDescriptor Descriptor { get; }

    /// <summary>
    /// The configured models; else the client's default model; else the configured default model.
    /// Chat clients have no model listing, and the key is the client's business.
    /// </summary>
    public Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken)
    {
        if (Descriptor.Models is { } models)
        {
            return Task.FromResult(models);
        }

        var model = _chatClient.GetService<ChatClientMetadata>()?.DefaultModelId;
        if (string.IsNullOrWhiteSpace(model))
        {
            model = Descriptor.DefaultModel;
        }

        return Task.FromResult<IReadOnlyList<string>>(string.IsNullOrWhiteSpace(model) ? [] : [model]);
    }

    public async IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = ChatMessageConverter.Convert(request.Messages);
        var options = ChatOptionsFactory.Create(request, Descriptor);
        var mapper = new ChatUpdateMapper(Descriptor, options.ModelId);
        var output = new List<ResponseEvent>(4);
        using var timeouts = new UpstreamTimeouts(_timeouts, _timeProvider, cancellationToken);
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            while (true)
            {
                // A yield may not sit in a try with a catch: only the upstream calls are guarded.
                try
                {
                    // The clock runs only while the client is awaited, never while the reader handles events.
                    timeouts.Arm();
                    updates ??= _chatClient.GetStreamingResponseAsync(messages, options, timeouts.Token).GetAsyncEnumerator(timeouts.Token);
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw timeouts.IsTimeout(ex) ? timeouts.ToTimeoutError(Descriptor.Name, ex) : ChatClientErrors.Map(ex, Descriptor.Name, _logger);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new OperationCanceledException("The caller cancelled the turn.", ex, cancellationToken);
                }

                timeouts.Received();
                mapper.Map(updates.Current, output);
                foreach (var responseEvent in output)
                {
                    yield return responseEvent;
                }

                output.Clear();
            }
        }
        finally
        {
            if (updates is not null)
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
