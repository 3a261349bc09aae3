using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.AspNetCore.Tests.QuickAnswers;

/// <summary>A host provider whose answer is the media block it was given (the shape media answers take on the event stream), counting its calls.</summary>
internal sealed class MediaAnswerProvider(string name, Func<ContentEvent> answer) : IChatProvider
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ProviderDescriptor Descriptor { get; } = new() { Name = name, Label = name, Models = ["image-model"], DefaultModel = "image-model" };

    public Task<IReadOnlyList<string>> ListModelsAsync(string? apiKey, CancellationToken cancellationToken) => Task.FromResult(Descriptor.Models!);

    public async IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        yield return answer();
        yield return new FinishEvent(new FinishReason("stop"));
    }
}
