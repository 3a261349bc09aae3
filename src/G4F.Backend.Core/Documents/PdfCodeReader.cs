using UglyToad.PdfPig.Core;

namespace G4F.Backend.Documents;

/// <summary>
/// The bytes of one shown string as PdfPig's fonts read character codes from them (<c>IFont.ReadCharacterCode</c>),
/// reset for each string instead of allocated, so showing text costs no allocation per operator.
/// </summary>
internal sealed class PdfCodeReader : IInputBytes
{
    private byte[] _bytes = [];
    private int _length;
    private int _offset = -1;

    public long CurrentOffset => _offset + 1;

    public byte CurrentByte { get; private set; }

    public long Length => _length;

    public void Reset(byte[] bytes, int length)
    {
        (_bytes, _length, _offset) = (bytes, length, -1);
        CurrentByte = 0;
    }

    public bool MoveNext()
    {
        if (_offset + 1 >= _length)
        {
            return false;
        }

        CurrentByte = _bytes[++_offset];
        return true;
    }

    public byte? Peek() => _offset + 1 < _length ? _bytes[_offset + 1] : null;

    public bool IsAtEnd() => _offset + 1 >= _length;

    public void Seek(long position)
    {
        _offset = (int)Math.Clamp(position, 0, _length) - 1;
        CurrentByte = _offset >= 0 ? _bytes[_offset] : (byte)0;
    }

    public int Read(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _length - _offset - 1);
        if (count <= 0)
        {
            return 0;
        }

        _bytes.AsSpan(_offset + 1, count).CopyTo(buffer);
        _offset += count;
        CurrentByte = _bytes[_offset];
        return count;
    }

    public void Dispose()
    {
    }
}
