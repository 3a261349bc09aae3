using System.Globalization;
using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// The one cap on a conversion's output, for any converter, built-in or the host's: it counts the UTF-8 bytes written
/// and throws once they pass the budget (a few kilobytes of input, padded tables or repeated shared strings, must not
/// become gigabytes), and it throws <see cref="OperationCanceledException"/> once the conversion was given up, so a
/// converter that ignores its token still stops at its next write. The inner writer is not owned.
/// </summary>
internal sealed class OutputBudgetWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly long _maxBytes;
    private readonly CancellationToken _abandoned;
    private long _bytes;

    public OutputBudgetWriter(TextWriter inner, long maxBytes, CancellationToken abandoned)
        : base(CultureInfo.InvariantCulture)
    {
        _inner = inner;
        _maxBytes = maxBytes;
        _abandoned = abandoned;
        CoreNewLine = inner.NewLine.ToCharArray();
    }

    /// <summary>The message of the exception thrown when the budget is passed.</summary>
    public const string TooLarge = "The converted text is too large";

    /// <summary>Whether the cap was passed; a converter that swallowed the exception still fails.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>The bytes still allowed: what a part of this conversion converted on its own (a ZIP member) may write at most.</summary>
    public long Remaining => Math.Max(0, _maxBytes - _bytes);

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        Count([value]);
        _inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Count(buffer.AsSpan(index, count));
        _inner.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Count(buffer);
        _inner.Write(buffer);
    }

    public override void Write(string? value)
    {
        Count(value);
        _inner.Write(value);
    }

    public override Task WriteAsync(char value)
    {
        Count([value]);
        return _inner.WriteAsync(value);
    }

    public override Task WriteAsync(string? value)
    {
        Count(value);
        return _inner.WriteAsync(value);
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Count(buffer.AsSpan(index, count));
        return _inner.WriteAsync(buffer, index, count);
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteLineAsync() => WriteAsync(CoreNewLine);

    public override Task WriteLineAsync(char value) => WriteLineAsync(new string(value, 1));

    public override async Task WriteLineAsync(string? value)
    {
        await WriteAsync(value).ConfigureAwait(false);
        await WriteAsync(CoreNewLine).ConfigureAwait(false);
    }

    public override async Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        await WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await WriteAsync(CoreNewLine, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync() => _inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    private void Count(ReadOnlySpan<char> text)
    {
        _abandoned.ThrowIfCancellationRequested();
        _bytes += Encoding.UTF8.GetByteCount(text);
        if (_bytes > _maxBytes)
        {
            Exceeded = true;
            throw new DocumentConversionException(TooLarge);
        }
    }
}
