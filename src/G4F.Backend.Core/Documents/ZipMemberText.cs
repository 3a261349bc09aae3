using System.Text;

namespace G4F.Backend.Documents;

/// <summary>
/// The markdown of one ZIP member, collected so that it can be fenced: the fence must be longer than any backtick
/// run in it and the text is trimmed at the end, both known only when the member is done. Up to
/// <see cref="InMemoryChars"/> characters stay in memory, the rest goes to a randomly named file in the spill folder,
/// deleted on close; the fence length and the trimmed length are tracked while writing, so nothing is held whole.
/// </summary>
internal sealed class ZipMemberText(Func<string> spillFolder) : TextWriter(System.Globalization.CultureInfo.InvariantCulture)
{
    private const int InMemoryChars = 1024 * 1024;

    private readonly StringBuilder _memory = new();
    private FileStream? _file;
    private StreamWriter? _fileWriter;
    private long _length;
    private long _trimmedLength;
    private int _run;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>The longest run of backticks written.</summary>
    public int LongestBacktickRun { get; private set; }

    /// <summary>The length of the text without trailing white space.</summary>
    public long TrimmedLength => _trimmedLength;

    public override void Write(char value) => Write([value]);

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = buffer[i];
            _run = c == '`' ? _run + 1 : 0;
            LongestBacktickRun = Math.Max(LongestBacktickRun, _run);
            if (!char.IsWhiteSpace(c))
            {
                _trimmedLength = _length + i + 1;
            }
        }

        _length += buffer.Length;
        if (_fileWriter is null && _memory.Length + buffer.Length > InMemoryChars)
        {
            Spill();
        }

        if (_fileWriter is not null)
        {
            _fileWriter.Write(buffer);
        }
        else
        {
            _memory.Append(buffer);
        }
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(StringBuilder? value, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var chunk in value?.GetChunks() ?? default)
        {
            Write(chunk.Span);
        }

        return Task.CompletedTask;
    }

    /// <summary>Appends the trimmed text to <paramref name="target"/> in pieces, flushing the writer between them.</summary>
    public async Task CopyToAsync(MarkdownBlockWriter target, CancellationToken cancellationToken)
    {
        if (_fileWriter is null)
        {
            target.Continue().Append(_memory, 0, (int)_trimmedLength);
            return;
        }

        await _fileWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        _file!.Position = 0;
        using var reader = new StreamReader(_file, Encoding.UTF8, false, 81_920, leaveOpen: true);
        var buffer = new char[81_920];
        var left = _trimmedLength;
        while (left > 0)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            target.Continue().Append(buffer, 0, read);
            left -= read;
            await target.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fileWriter?.Dispose();
            _file?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Spill()
    {
        _file = new FileStream(Path.Combine(spillFolder(), $"{Path.GetRandomFileName()}.spill"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose);
        _fileWriter = new StreamWriter(_file, new UTF8Encoding(false), 81_920, leaveOpen: true);
        foreach (var chunk in _memory.GetChunks())
        {
            _fileWriter.Write(chunk.Span);
        }

        _memory.Clear();
    }
}
