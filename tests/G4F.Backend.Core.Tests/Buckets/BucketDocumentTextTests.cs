using System.Text;
using G4F.Backend.Buckets;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>
/// Streaming a document gives exactly the pieces of the whole-text rule (<c>text.Trim()</c> framed, then cut), while
/// holding only a bounded part of it.
/// </summary>
public sealed class BucketDocumentTextTests
{
    private static readonly string[] Tokens = ["a", "word ", "é", "😀", " ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u3000", "```\n", "\n\n", "x = 1;\n"];

    [Fact]
    public async Task Random_documents_stream_into_the_same_pieces_as_the_whole_text()
    {
        var random = new Random(20240611);
        for (var sample = 0; sample < 150; sample++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 40_000);
            while (text.Length < length)
            {
                text.Append(Tokens[random.Next(Tokens.Length)]);
                if (random.Next(60) == 0)
                {
                    text.Append('\n');
                }
            }

            (await StreamedAsync(Encoding.UTF8.GetBytes(text.ToString()))).Should().Equal(WholeText(text.ToString()), $"sample {sample}");
        }
    }

    [Fact]
    public async Task Whitespace_runs_longer_than_the_held_buffer_are_kept_inside_and_dropped_at_the_end()
    {
        var run = string.Concat(Enumerable.Range(0, 60_000).Select(i => i % 40 == 39 ? "\n" : i % 3 == 0 ? "\t" : "  "));
        var text = run + "first" + run + "second" + run;
        run.Length.Should().BeGreaterThan(BucketDocumentText.MaxHeldChars);

        (await StreamedAsync(Encoding.UTF8.GetBytes(text))).Should().Equal(WholeText(text));
    }

    [Fact]
    public async Task A_byte_order_mark_is_not_text()
    {
        (await StreamedAsync([0xEF, 0xBB, 0xBF, .. "  hello \n"u8.ToArray()])).Should().Equal("<!-- File: doc.md -->\nhello\n<-- End -->\n\n");
    }

    [Fact]
    public async Task A_line_without_newlines_is_cut_so_no_piece_grows_without_bound()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789é😀", 100_000));

        var pieces = await StreamedAsync(Encoding.UTF8.GetBytes(text));

        pieces.Should().HaveCountGreaterThan(100);
        pieces.Max(p => Encoding.UTF8.GetByteCount(p)).Should().BeLessThan(4 * BucketTextPieces.MaxPieceBytes);
        string.Concat(pieces).Should().Be($"<!-- File: doc.md -->\n{text}\n<-- End -->\n\n", "cutting never splits a character");
    }

    [Fact]
    public async Task Pieces_come_while_the_document_is_still_being_read()
    {
        // A document that never ends: only a reader that streams can give its first pieces.
        var pieces = new BucketTextPieces();
        var taken = new List<string>();
        await foreach (var piece in new BucketDocumentText(pieces).ReadAsync(new EndlessLines(), "endless.md", CancellationToken.None))
        {
            taken.Add(piece);
            if (taken.Count == 3)
            {
                break;
            }
        }

        taken.Should().HaveCount(3).And.OnlyContain(p => Encoding.UTF8.GetByteCount(p) < 2 * BucketTextPieces.MaxPieceBytes);
    }

    private static async Task<List<string>> StreamedAsync(byte[] bytes)
    {
        var pieces = new BucketTextPieces();
        var result = new List<string>();
        await foreach (var piece in new BucketDocumentText(pieces).ReadAsync(new MemoryStream(bytes), "doc.md", CancellationToken.None))
        {
            result.Add(piece);
        }

        result.AddRange(pieces.Flush() is { } last ? [last] : []);
        return result;
    }

    // The rule streaming replaces: the whole text trimmed, framed, then cut.
    private static List<string> WholeText(string text)
    {
        var pieces = new BucketTextPieces();
        var result = pieces.Add($"<!-- File: doc.md -->\n{text.Trim()}\n<-- End -->\n\n").ToList();
        result.AddRange(pieces.Flush() is { } last ? [last] : []);
        return result;
    }

    private sealed class EndlessLines : Stream
    {
        private static readonly byte[] Line = "an endless line of text\n"u8.ToArray();
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = Line[(int)(_position++ % Line.Length)];
            }

            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
