using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// Collects markdown blocks separated by blank lines and hands them to the output in large pieces. Separators go
/// before a block, never after, so the text never ends in blank lines (the caller appends the final newline).
/// </summary>
internal sealed class MarkdownBlockWriter(TextWriter output)
{
    // Large enough that awaiting the writer is rare, small enough that a huge document is never held at once.
    private const int FlushThreshold = 32 * 1024;

    private readonly StringBuilder _buffer = new();
    private bool _started;

    /// <summary>Whether any block was started.</summary>
    public bool IsEmpty => !_started;

    /// <summary>Starts a block and returns the buffer to append its text to (without a trailing newline).</summary>
    /// <param name="tight">Separate it by a single line break (list items, table rows) instead of a blank line.</param>
    public StringBuilder Block(bool tight = false)
    {
        if (_started)
        {
            _buffer.Append(tight ? "\n" : "\n\n");
        }

        _started = true;
        return _buffer;
    }

    /// <summary>The buffer of the block being written, to append more of it (a block too large to build at once).</summary>
    public StringBuilder Continue()
    {
        _started = true;
        return _buffer;
    }

    /// <summary>Appends a whole block of text; blank or empty text is ignored.</summary>
    public void Add(string text, bool tight = false)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            Block(tight).Append(text);
        }
    }

    /// <summary>The text collected so far (for a writer used as a scratch buffer that is never flushed).</summary>
    public override string ToString() => _buffer.ToString();

    /// <summary>Writes what is buffered once enough has been collected.</summary>
    public Task FlushIfLargeAsync(CancellationToken cancellationToken) =>
        _buffer.Length >= FlushThreshold ? FlushAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Writes everything buffered.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length > 0)
        {
            await output.WriteAsync(_buffer, cancellationToken).ConfigureAwait(false);
            _buffer.Clear();
        }
    }
}
