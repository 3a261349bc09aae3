using System.Collections.Concurrent;
using G4F.Backend.Storage;

namespace G4F.Backend.Core.Tests.Storage;

/// <summary>
/// The scratch space hands out temporary files and folders under the staging root only, with names of its own that never
/// collide, and what it hands out is gone once disposed, whatever the consumer did with it.
/// </summary>
public sealed class ScratchSpaceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly DataPaths _paths;
    private readonly ScratchSpace _scratch;

    public ScratchSpaceTests()
    {
        _paths = DataPaths.Of(_root);
        _scratch = new ScratchSpace(_paths, TimeProvider.System);
    }

    private string StagingRoot => Path.Combine(_paths.Root, DataPaths.Staging) + Path.DirectorySeparatorChar;

    public void Dispose()
    {
        _paths.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/../../b")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/file")]
    [InlineData("nul\0byte")]
    [InlineData("")]
    [InlineData(" ")]
    public void A_hostile_name_in_a_scratch_folder_is_refused_and_nothing_is_made_outside(string name)
    {
        using var folder = _scratch.CreateFolder(ScratchPurpose.Upload);

        var act = () => folder.PathOf(name);

        act.Should().Throw<ArgumentException>();
        Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories)
            .Should().OnlyContain(p => (p + Path.DirectorySeparatorChar).StartsWith(StagingRoot, StringComparison.Ordinal));
    }

    [Fact]
    public void A_plain_name_stays_in_its_folder()
    {
        using var folder = _scratch.CreateFolder(ScratchPurpose.Upload);

        var path = folder.PathOf("0001.thumbnail.png");

        Path.GetDirectoryName(path).Should().Be(Path.TrimEndingDirectorySeparator(folder.Path));
        folder.Path.Should().StartWith(StagingRoot);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(42)]
    public void A_purpose_that_is_not_one_is_refused(int purpose)
    {
        var hostile = (ScratchPurpose)purpose;

        _scratch.Invoking(s => s.CreateFile(hostile)).Should().Throw<ArgumentOutOfRangeException>();
        _scratch.Invoking(s => s.CreateFolder(hostile)).Should().Throw<ArgumentOutOfRangeException>();
        _scratch.Invoking(s => s.SharedFolder(hostile)).Should().Throw<ArgumentOutOfRangeException>();
        Directory.Exists(Path.Combine(_root, DataPaths.Staging, purpose.ToString(System.Globalization.CultureInfo.InvariantCulture))).Should().BeFalse();
    }

    [Theory]
    [InlineData(nameof(ScratchPurpose.Download))]
    [InlineData(nameof(ScratchPurpose.Conversion))]
    [InlineData(nameof(ScratchPurpose.Thumbnail))]
    [InlineData(nameof(ScratchPurpose.HealthProbe))]
    public void Every_file_purpose_lands_under_the_staging_root(string purpose)
    {
        using var file = _scratch.CreateFile(Enum.Parse<ScratchPurpose>(purpose));

        file.Path.Should().StartWith(StagingRoot);
    }

    [Fact]
    public async Task Files_and_folders_are_deleted_on_dispose_even_when_the_consumer_throws()
    {
        string? filePath = null;
        string? folderPath = null;
        string? memberPath = null;

        var act = async () =>
        {
            using var file = _scratch.CreateFile(ScratchPurpose.Download);
            using var folder = _scratch.CreateFolder(ScratchPurpose.Upload);
            filePath = file.Path;
            folderPath = folder.Path;
            memberPath = folder.PathOf("0000.upload");
            await File.WriteAllTextAsync(filePath, "body");
            await File.WriteAllTextAsync(memberPath, "staged");
            throw new InvalidOperationException("the consumer failed");
        };

        await act.Should().ThrowAsync<InvalidOperationException>();
        File.Exists(filePath).Should().BeFalse();
        File.Exists(memberPath).Should().BeFalse();
        Directory.Exists(folderPath).Should().BeFalse();
    }

    [Fact]
    public async Task A_transient_file_is_deleted_when_its_stream_closes_even_when_the_consumer_throws()
    {
        string? path = null;

        var act = async () =>
        {
            var stream = _scratch.OpenTransient(ScratchPurpose.Download);
            await using (stream)
            {
                path = stream.Name;
                await stream.WriteAsync("body"u8.ToArray());
                File.Exists(path).Should().BeTrue();
                throw new InvalidOperationException("the consumer failed");
            }
        };

        await act.Should().ThrowAsync<InvalidOperationException>();
        path.Should().StartWith(StagingRoot);
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task Concurrent_creations_get_distinct_names()
    {
        var files = new ConcurrentBag<string>();
        var folders = new ConcurrentBag<string>();
        using var start = new ManualResetEventSlim();

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 50; i++)
            {
                var file = _scratch.CreateFile(ScratchPurpose.Download);
                file.Create().Dispose();
                files.Add(file.Path);

                folders.Add(_scratch.CreateFolder(ScratchPurpose.Upload).Path);
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(workers);

        files.Should().HaveCount(400).And.OnlyHaveUniqueItems().And.OnlyContain(p => p.StartsWith(StagingRoot, StringComparison.Ordinal));
        folders.Should().HaveCount(400).And.OnlyHaveUniqueItems().And.OnlyContain(p => p.StartsWith(StagingRoot, StringComparison.Ordinal));
    }
}
