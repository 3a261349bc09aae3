using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// Runs one converter on bytes and reports what it cost: the bytes it read from its input and the bytes it allocated on
/// the test's thread (a refusal made from a file's end records or a count must come before the parser reads or builds
/// anything). The converters complete synchronously on a memory stream up to such a refusal, so the thread's count is all.
/// </summary>
internal static class ConversionProbe
{
    public static async Task<(Exception? Error, long BytesRead, long Allocated)> RunAsync(ConverterHarness harness, string fileName, byte[] content)
    {
        var converter = harness.Converters.Find(fileName, null) ?? throw new InvalidOperationException($"No converter for {fileName}");
        await using var input = new ReadCountingStream(content);
        await using var output = new StringWriter();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try
        {
            await converter.ConvertAsync(new DocumentInput(fileName, null, input), output, CancellationToken.None);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        return (error, input.BytesRead, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
