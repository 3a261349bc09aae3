using G4F.Backend.Buckets;
using G4F.Backend.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// The conversion slots: a conversion that runs out of time is cancelled and frees its slot at the deadline, and a
/// file that waits too long for a slot fails on its own.
/// </summary>
public sealed class ConversionSlotTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("g4f-slots").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_looping_converter_is_cancelled_at_the_deadline_and_frees_its_slot()
    {
        using var gate = new ConversionGate(1, TimeSpan.FromMinutes(5));
        var conversion = Conversion(gate, TimeSpan.FromMilliseconds(300));
        var looping = new LoopingConverter();

        var error = await conversion.ToFileAsync(looping, "a.doc", null, Source(), Path.Combine(_folder, "a.md"), 1000, CancellationToken.None).WaitAsync(Bound);

        error.Should().Be(BucketConversion.TimedOut);
        (await looping.Stopped.Task.WaitAsync(Bound)).Should().BeAssignableTo<OperationCanceledException>("the converter's token is cancelled at the deadline");
        var next = conversion.ToFileAsync(new TextConverter("next"), "b.doc", null, Source(), Path.Combine(_folder, "b.md"), 1000, CancellationToken.None);
        (await next.WaitAsync(Bound)).Should().BeNull("the slot was given back when the cancelled converter stopped");
        Directory.GetFiles(_folder).Select(Path.GetFileName).Order().Should().Equal("b.md", "source.bin");
    }

    [Fact]
    public async Task A_file_that_waits_too_long_for_a_slot_gets_its_own_error_and_the_slot_serves_the_next_file()
    {
        using var gate = new ConversionGate(1, TimeSpan.FromMilliseconds(300));
        var conversion = Conversion(gate, TimeSpan.FromMinutes(5));
        var holding = new HoldingConverter();
        var held = conversion.ToFileAsync(holding, "held.doc", null, Source(), Path.Combine(_folder, "held.md"), 1000, CancellationToken.None);
        await holding.Started.Task.WaitAsync(Bound);

        var queued = await conversion.ToFileAsync(new TextConverter("queued"), "queued.doc", null, Source(), Path.Combine(_folder, "queued.md"), 1000, CancellationToken.None).WaitAsync(Bound);

        queued.Should().Be(ConversionQueueTimeoutException.ClientMessage);
        holding.Release.SetResult();
        (await held.WaitAsync(Bound)).Should().BeNull();
        (await conversion.ToFileAsync(new TextConverter("later"), "later.doc", null, Source(), Path.Combine(_folder, "later.md"), 1000, CancellationToken.None).WaitAsync(Bound))
            .Should().BeNull("the file that gave up waiting took no slot");
        Directory.GetFiles(_folder).Select(Path.GetFileName).Order().Should().Equal("held.md", "later.md", "source.bin");
    }

    [Fact]
    public async Task An_image_decode_that_waits_too_long_for_a_slot_throws_the_queue_timeout()
    {
        using var gate = new ConversionGate(1, TimeSpan.FromMilliseconds(200));
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            var decode = () => gate.RunAsync(_ => 1, CancellationToken.None).WaitAsync(Bound);

            await decode.Should().ThrowAsync<ConversionQueueTimeoutException>();
        }
        finally
        {
            gate.Release();
        }

        (await gate.RunAsync(_ => 2, CancellationToken.None)).Should().Be(2);
    }

    private string Source()
    {
        var path = Path.Combine(_folder, "source.bin");
        File.WriteAllText(path, "source");
        return path;
    }

    private static BucketConversion Conversion(ConversionGate gate, TimeSpan timeout) =>
        new(Options.Create(new BucketOptions { ConversionTimeout = timeout }), gate, NullLogger<BucketConversion>.Instance);

    private sealed class TextConverter(string text) : IDocumentConverter
    {
        public bool CanConvert(string extension, string? contentType) => true;

        public Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken) => output.WriteAsync(text);
    }

    // Busy work that looks at its token every few thousand iterations, as the built-in converters' loops do.
    private sealed class LoopingConverter : IDocumentConverter
    {
        public TaskCompletionSource<Exception> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CanConvert(string extension, string? contentType) => true;

        public Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            try
            {
                for (long i = 0; ; i++)
                {
                    if (i % 4096 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
            catch (Exception ex)
            {
                Stopped.SetResult(ex);
                throw;
            }
        }
    }

    private sealed class HoldingConverter : IDocumentConverter
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CanConvert(string extension, string? contentType) => true;

        public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            Started.SetResult();
            await Release.Task;
            await output.WriteAsync("held");
        }
    }
}
