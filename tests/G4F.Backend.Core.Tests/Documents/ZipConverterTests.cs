using System.Buffers.Binary;
using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace G4F.Backend.Core.Tests.Documents;

public sealed class ZipConverterTests : IDisposable
{
    private readonly ConverterHarness _harness = new(o =>
    {
        o.Buckets.MaxArchiveBytes = 10 * 1024 * 1024;
        o.Buckets.MaxArchiveEntries = 5;
    });

    [Fact]
    public async Task Supported_members_are_converted_in_archive_order_each_in_a_block_naming_it()
    {
        var zip = ZipSamples.Create(
            ("docs/", []),
            ("docs/readme.md", ZipSamples.Text("# Readme\n\n```sh\nmake\n```\n")),
            ("data/table.csv", ZipSamples.Text("a,b\n1,2\n")),
            ("image.bin", [1, 2, 3]),
            ("inner.zip", ZipSamples.Create(("nested.txt", ZipSamples.Text("never expanded")))));

        var markdown = await _harness.ConvertAsync("bundle.zip", zip);

        Snapshot.Match(markdown);
        markdown.Should().NotContain("never expanded").And.NotContain("image.bin");
    }

    [Fact]
    public async Task A_member_named_outside_the_archive_is_only_a_label_and_nothing_is_written()
    {
        var zip = ZipSamples.Create(("../../etc/passwd.txt", ZipSamples.Text("root:x:0:0")), ("../../etc/passwd", ZipSamples.Text("no extension")));

        var markdown = await _harness.ConvertAsync("evil.zip", zip);

        markdown.Should().Be("```../../etc/passwd.txt\nroot:x:0:0\n```");
        File.Exists(Path.GetFullPath("../../etc/passwd.txt")).Should().BeFalse();
        File.Exists("/etc/passwd.txt").Should().BeFalse();
        var data = _harness.DataDirectory;
        (Directory.Exists(data) ? Directory.EnumerateFileSystemEntries(data, "*passwd*", SearchOption.AllDirectories) : []).Should().BeEmpty("members are never extracted");
    }

    [Fact]
    public async Task A_zip_bomb_stops_at_the_byte_cap_with_a_clean_error()
    {
        var bomb = ZipSamples.Bomb(200L * 1024 * 1024);

        var act = () => _harness.ConvertAsync("bomb.zip", bomb);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("The ZIP file unpacks to more than 10485760 bytes.");
        bomb.Length.Should().BeLessThan(1024 * 1024, "the sample is a real bomb: tiny outside, huge inside");
    }

    [Fact]
    public async Task Header_sizes_are_not_trusted_a_small_member_claiming_to_be_huge_still_converts()
    {
        var zip = ZipSamples.Create(("small.txt", ZipSamples.Text("only a few bytes")));
        LieAboutSizes(zip, 2_000_000_000);

        var markdown = await _harness.ConvertAsync("liar.zip", zip);

        markdown.Should().Be("```small.txt\nonly a few bytes\n```");
    }

    [Fact]
    public async Task An_archive_with_more_entries_than_the_cap_is_refused()
    {
        var zip = ZipSamples.Create([.. Enumerable.Range(0, 6).Select(i => ($"f{i}.txt", ZipSamples.Text("x")))]);

        var act = () => _harness.ConvertAsync("many.zip", zip);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("The ZIP file has 6 entries; at most 5 are read.");
    }

    [Fact]
    public async Task An_archive_declaring_more_entries_than_the_cap_is_refused_from_its_end_records_before_its_directory_is_read()
    {
        // 20,000 more directory entries (1.1 MB): ZipArchive would read all of them, an object or more each, before any count.
        var zip = ZipSamples.WithExtraDirectoryEntries(ZipSamples.Create(("a.txt", ZipSamples.Text("a"))), 20_000);

        var (error, bytesRead, allocated) = await ConversionProbe.RunAsync(_harness, "many.zip", zip);

        error.Should().BeOfType<DocumentConversionException>().Which.Message.Should().Be("The ZIP file has 20001 entries; at most 5 are read.");
        bytesRead.Should().BeLessThan(128 * 1024, "only the end records are read");
        allocated.Should().BeLessThan(zip.Length / 4, "nothing of the directory is built");
    }

    [Fact]
    public async Task An_archive_whose_directory_is_larger_than_its_declared_count_allows_is_refused_before_it_is_read()
    {
        // The end records declare the one real entry; the directory holds 20,000 more, which ZipArchive reads to the end.
        var zip = ZipSamples.WithExtraDirectoryEntries(ZipSamples.Create(("a.txt", ZipSamples.Text("a"))), 20_000, declareOldCount: true);

        var (error, bytesRead, allocated) = await ConversionProbe.RunAsync(_harness, "lying.zip", zip);

        error.Should().BeOfType<DocumentConversionException>().Which.Message.Should().MatchRegex(@"^The ZIP file's directory of entries is \d+ bytes; at most 5120 are read\.$");
        bytesRead.Should().BeLessThan(128 * 1024);
        allocated.Should().BeLessThan(zip.Length / 4);
    }

    [Fact]
    public async Task A_docx_member_of_more_entries_than_an_office_file_may_have_is_a_note_and_the_rest_still_converted()
    {
        // An Office file may have ten times MaxArchiveEntries (5 here) entries.
        var docx = ZipSamples.WithExtraDirectoryEntries(DocxSamples.Report(), 20_000);
        var zip = ZipSamples.Create(("big.docx", docx), ("b.txt", ZipSamples.Text("kept")));

        var markdown = await _harness.ConvertAsync("bundle.zip", zip);

        markdown.Should().MatchRegex(@"^```big\.docx\n\*Not converted: The DOCX file has \d+ entries; at most 50 are read\.\*\n```\n\n```b\.txt\nkept\n```$");
    }

    [Fact]
    public async Task A_corrupt_member_is_noted_and_the_rest_still_converted()
    {
        var zip = ZipSamples.Create(("bad.pdf", ZipSamples.Text("%PDF-1.4 nonsense")), ("good.txt", ZipSamples.Text("fine")));

        var markdown = await _harness.ConvertAsync("mixed.zip", zip);

        markdown.Should().Be("```bad.pdf\n*Not converted: The PDF file is corrupt or cannot be read.*\n```\n\n```good.txt\nfine\n```");
    }

    [Fact]
    public async Task A_member_whose_converter_throws_a_raw_exception_is_noted_and_the_rest_still_converted()
    {
        using var harness = new ConverterHarness(extra: s => s.AddSingleton<IDocumentConverter>(new ThrowingConverter()));
        var zip = ZipSamples.Create(("a.boom", ZipSamples.Text("x")), ("good.txt", ZipSamples.Text("fine")));

        var markdown = await harness.ConvertAsync("mixed.zip", zip);

        markdown.Should().Be("```a.boom\n*Not converted: The BOOM file is corrupt or cannot be read.*\n```\n\n```good.txt\nfine\n```");
    }

    [Fact]
    public async Task Garbage_named_zip_is_a_clean_conversion_error()
    {
        var act = () => _harness.ConvertAsync("junk.zip", ZipSamples.Text("PK but not really"));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("The ZIP file is corrupt or cannot be read.");
    }

    [Fact]
    public async Task Large_members_spill_to_a_temporary_file_in_the_given_folder_instead_of_memory()
    {
        var zip = ZipSamples.Bomb(9L * 1024 * 1024);
        using var stream = new MemoryStream(zip);
        using var archive = new System.IO.Compression.ZipArchive(stream);
        var folder = Directory.CreateTempSubdirectory("g4f-spill-").FullName;
        try
        {
            var budget = new ZipInflateBudget(10 * 1024 * 1024, () => folder);

            await using (var member = await budget.InflateAsync(archive.Entries[0], CancellationToken.None))
            {
                var file = member.Should().BeOfType<FileStream>().Subject;
                Path.GetDirectoryName(file.Name).Should().Be(folder, "spilled members stay inside the data directory");
                file.Name.Should().NotContain("zeros");
                member.Length.Should().Be(9L * 1024 * 1024);
                member.Position.Should().Be(0);
            }

            Directory.EnumerateFileSystemEntries(folder).Should().BeEmpty("the spilled file is deleted on close");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_large_member_of_an_uploaded_archive_spills_under_the_data_directory()
    {
        var data = Directory.CreateTempSubdirectory("g4f-zip-data-").FullName;
        try
        {
            using var harness = new ConverterHarness(o => o.DataDirectory = data);
            var zip = ZipSamples.Create(("big.txt", System.Text.Encoding.ASCII.GetBytes(new string('a', 9 * 1024 * 1024))));

            var markdown = await harness.ConvertAsync("big.zip", zip);

            markdown.Should().StartWith("```big.txt\naaaa");
            Directory.Exists(Path.Combine(data, ".staging", "spill")).Should().BeTrue("the member was too large for memory");
            Directory.EnumerateFileSystemEntries(Path.Combine(data, ".staging", "spill")).Should().BeEmpty();
        }
        finally
        {
            // The harness's end removed the scratch folders, and the data directory with them when left empty.
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    // Rewrites the uncompressed size in every local and central header, as a hostile archive would.
    private static void LieAboutSizes(byte[] zip, uint size)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }
    }

    public void Dispose() => _harness.Dispose();

    private sealed class ThrowingConverter : IDocumentConverter
    {
        public bool CanConvert(string extension, string? contentType) => extension == ".boom";

        public Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret /srv/path");
    }
}
