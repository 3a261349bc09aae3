using G4F.Backend.Storage;

namespace G4F.Backend.Core.Tests.Storage;

/// <summary>
/// What a clean stop leaves of the data directory: the scratch folders the backend made and left empty go, what a store
/// keeps stays.
/// </summary>
public sealed class DataPathsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Scratch_folders_left_empty_and_a_data_directory_left_empty_are_removed_at_the_end()
    {
        var paths = DataPaths.Of(_root);
        paths.Folder(DataPaths.Staging, "health");
        paths.Folder(DataPaths.Staging, "downloads");
        paths.Folder(DataPaths.Staging, Guid.NewGuid().ToString("N"), "member");

        paths.Dispose();

        Directory.Exists(_root).Should().BeFalse("nothing was kept in it");
    }

    [Fact]
    public void Files_and_the_folders_that_hold_them_stay()
    {
        var paths = DataPaths.Of(_root);
        var kept = Path.Combine(paths.Folder(DataPaths.Buckets, "b1"), "notes.txt");
        File.WriteAllText(kept, "kept");
        var leftover = Path.Combine(paths.Folder(DataPaths.Staging, "downloads"), "x.tmp");
        File.WriteAllText(leftover, "still being written by another host");
        paths.Folder(DataPaths.Staging, "health");
        paths.Folder("empty-store-folder");

        paths.Dispose();

        File.ReadAllText(kept).Should().Be("kept");
        File.Exists(leftover).Should().BeTrue("a file is never removed by the clean-up");
        Directory.Exists(Path.Combine(_root, DataPaths.Staging, "health")).Should().BeFalse();
        Directory.Exists(Path.Combine(_root, "empty-store-folder")).Should().BeTrue("only scratch folders are removed, and the data directory only when empty");
    }

    [Fact]
    public void A_link_under_the_scratch_folder_is_left_alone()
    {
        var outside = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        try
        {
            var paths = DataPaths.Of(_root);
            var link = Path.Combine(paths.Folder(DataPaths.Staging), "link");
            Directory.CreateSymbolicLink(link, outside);

            paths.Dispose();

            Directory.Exists(outside).Should().BeTrue();
            new DirectoryInfo(link).LinkTarget.Should().Be(outside);
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [Fact]
    public void Paths_never_used_make_and_remove_nothing()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_root)!);
        var paths = DataPaths.Of(_root);

        paths.Dispose();

        Directory.Exists(_root).Should().BeFalse();
    }
}
