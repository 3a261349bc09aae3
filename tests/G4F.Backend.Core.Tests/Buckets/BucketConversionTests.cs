using G4F.Backend.Buckets;
using G4F.Backend.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>Conversions into files: the output cap, and converters that ignore their deadline.</summary>
public sealed class BucketConversionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("g4f-conversion").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a converter that swallows the writer's refusal still fails
    public async Task Text_over_the_cap_is_refused_and_leaves_no_file(bool swallow)
    {
        using var gate = new ConversionGate(1, TimeSpan.FromMinutes(5));
        var conversion = Conversion(gate, TimeSpan.FromMinutes(1));
        var output = Path.Combine(_folder, "out.md");

        var error = await conversion.ToFileAsync(new WritingConverter(new string('x', 100), swallow), "a.doc", null, Source(), output, 50, CancellationToken.None);

        error.Should().Be(BucketConversion.TooLarge);
        Directory.GetFiles(_folder).Select(Path.GetFileName).Should().Equal("source.bin");
    }

    [Fact]
    public async Task Text_within_the_cap_is_written_with_a_final_newline()
    {
        using var gate = new ConversionGate(1, TimeSpan.FromMinutes(5));
        var output = Path.Combine(_folder, "out.md");

        (await Conversion(gate, TimeSpan.FromMinutes(1)).ToFileAsync(new WritingConverter("héllo", false), "a.doc", null, Source(), output, 7, CancellationToken.None)).Should().BeNull();

        File.ReadAllText(output).Should().Be("héllo\n", "7 bytes: five characters, one of two bytes, and the newline");
    }

    [Fact]
    public async Task An_abandoned_converter_keeps_its_slot_until_it_ends_and_its_file_is_removed()
    {
        using var gate = new ConversionGate(1, TimeSpan.FromMinutes(5));
        var conversion = Conversion(gate, TimeSpan.FromMilliseconds(100));
        var stubborn = new StubbornConverter();
        var first = Path.Combine(_folder, "first.md");
        var second = Path.Combine(_folder, "second.md");

        (await conversion.ToFileAsync(stubborn, "a.doc", null, Source(), first, 1000, CancellationToken.None)).Should().Be(BucketConversion.TimedOut);
        var next = conversion.ToFileAsync(new WritingConverter("next", false), "b.doc", null, Source(), second, 1000, CancellationToken.None);

        next.IsCompleted.Should().BeFalse("the only slot is still held by the converter that ignored its deadline");
        Directory.GetFiles(_folder, "first.md*").Should().ContainSingle(p => p.EndsWith(".partial", StringComparison.Ordinal));
        stubborn.Release.SetResult();
        (await next).Should().BeNull();
        (await stubborn.Stopped.Task).Should().BeAssignableTo<OperationCanceledException>("its next write after the deadline is refused");
        Directory.GetFiles(_folder).Select(Path.GetFileName).Order().Should().Equal("second.md", "source.bin");
    }

    [Fact]
    public async Task A_conversion_that_ends_before_its_caller_looks_again_is_still_a_success()
    {
        // The work runs on the thread pool while the caller goes on: a tiny file is converted before a preempted caller
        // reaches its wait. The clean-up of the finished work must not pull anything from under the caller then (it
        // disposed the deadline the caller was about to read, and the file failed as "could not be converted"). The window
        // is narrow: many tiny conversions from several threads hit it within seconds on a loaded machine (as under CI).
        const int Callers = 8;
        const int Rounds = 300;
        using var gate = new ConversionGate(Callers, TimeSpan.FromMinutes(5));
        var conversion = Conversion(gate, TimeSpan.FromMinutes(1));
        var source = Source();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var callers = Enumerable.Range(0, Callers).Select(caller => Task.Factory.StartNew(
            () =>
            {
                for (var round = 0; round < Rounds; round++)
                {
                    var output = Path.Combine(_folder, $"{caller}-{round}.md");
                    if (conversion.ToFileAsync(new WritingConverter(string.Empty, false), "a.doc", null, source, output, 10, CancellationToken.None).GetAwaiter().GetResult() is { } error)
                    {
                        failures.Add(error);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));

        await Task.WhenAll(callers);

        failures.Should().BeEmpty();
        Directory.GetFiles(_folder, "*.md").Should().HaveCount(Callers * Rounds);
    }

    private string Source()
    {
        var path = Path.Combine(_folder, "source.bin");
        File.WriteAllText(path, "source");
        return path;
    }

    private static BucketConversion Conversion(ConversionGate gate, TimeSpan timeout) =>
        new(Options.Create(new BucketOptions { ConversionTimeout = timeout }), gate, NullLogger<BucketConversion>.Instance);

    private sealed class WritingConverter(string text, bool swallow) : IDocumentConverter
    {
        public bool CanConvert(string extension, string? contentType) => true;

        public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            try
            {
                await output.WriteAsync(text);
            }
            catch (Exception) when (swallow)
            {
                // A converter that hides write failures.
            }
        }
    }

    // Waits without looking at its token, then writes.
    private sealed class StubbornConverter : IDocumentConverter
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<Exception> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CanConvert(string extension, string? contentType) => true;

        public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            await Release.Task;
            try
            {
                await output.WriteAsync("late");
            }
            catch (Exception ex)
            {
                Stopped.SetResult(ex);
                throw;
            }
        }
    }
}
