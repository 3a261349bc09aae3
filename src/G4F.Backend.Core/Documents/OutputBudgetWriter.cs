using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// Passes text through to the real output while counting it, and stops a conversion whose markdown grows past
/// the budget: a few kilobytes of input (padded tables, repeated shared strings) must not become gigabytes.
/// The inner writer belongs to the caller and is not disposed.
/// </summary>
internal sealed class OutputBudgetWriter(TextWriter inner, long maxChars) : TextWriter(inner.FormatProvider)
{
    private long _written;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        Count(1);
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Count(count);
        inner.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Count(buffer.Length);
        inner.Write(buffer);
    }

    public override void Write(string? value)
    {
        Count(value?.Length ?? 0);
        inner.Write(value);
    }

    public override Task WriteAsync(char value)
    {
        Count(1);
        return inner.WriteAsync(value);
    }

    public override Task WriteAsync(string? value)
    {
        Count(value?.Length ?? 0);
        return inner.WriteAsync(value);
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Count(count);
        return inner.WriteAsync(buffer, index, count);
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(StringBuilder? value, CancellationToken cancellationToken = default)
    {
        Count(value?.Length ?? 0);
        return inner.WriteAsync(value, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    private void Count(long chars)
    {
        _written += chars;
        if (_written > maxChars)
        {
            throw new DocumentConversionException($"The document produces too much text (more than {maxChars} characters).");
        }
    }
}
