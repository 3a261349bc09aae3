using System.Text;
using G4F.Backend.Credentials;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Credentials;

/// <summary>
/// The cookie index follows its store: files another instance stored (or removed) are used once the index is older than
/// <see cref="CookieOptions.RefreshInterval"/>, read again only when the store's version changed, and an upload counts
/// them against the total limit at once. The clock is a fake one, moved by the test.
/// </summary>
public sealed class CookieStoreRefreshTests
{
    private static readonly Uri Upstream = new("https://chat.example/v1/chat/completions");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly SharedCookieFiles _files = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 20, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_file_stored_by_another_instance_is_sent_once_the_refresh_interval_has_passed_and_read_only_when_changed()
    {
        var store = Store();
        (await store.HeaderForAsync(Upstream, default)).Should().BeNull();

        // The other instance uploads: this one's index is current for the interval, then asks the store.
        await Store().SaveAsync("other.json", Export("session", "from-b"), default);
        (await store.HeaderForAsync(Upstream, default)).Should().BeNull("the index is younger than the refresh interval");
        _time.Advance(Interval);

        (await store.HeaderForAsync(Upstream, default)).Should().Be("session=from-b");
        var listings = _files.Listings;
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(Interval);
            (await store.HeaderForAsync(Upstream, default)).Should().Be("session=from-b");
        }

        _files.Listings.Should().Be(listings, "the store's version did not change, so the files were not read again");
    }

    [Fact]
    public async Task A_file_replaced_or_removed_by_another_instance_stops_being_sent_after_the_interval()
    {
        var store = Store();
        await store.SaveAsync("shared.json", Export("session", "first"), default);
        (await store.HeaderForAsync(Upstream, default)).Should().Be("session=first");

        await Store().SaveAsync("shared.json", Export("session", "second"), default);
        _time.Advance(Interval);
        (await store.HeaderForAsync(Upstream, default)).Should().Be("session=second");

        _files.Remove("shared.json");
        _time.Advance(Interval);
        (await store.HeaderForAsync(Upstream, default)).Should().BeNull();
    }

    [Fact]
    public async Task An_upload_counts_the_files_another_instance_stored_against_the_total_limit()
    {
        // Each file is kept as 101 bytes (its cookie in compact form): one fits, two do not.
        var limits = new CookieOptions { MaxTotalBytes = 150 };
        var store = Store(limits);
        (await store.HeaderForAsync(Upstream, default)).Should().BeNull();
        await Store(limits).SaveAsync("other.json", Export("a", new string('x', 40)), default);

        // No time passes: the upload checks the store itself, under the lock every writer takes.
        var upload = async () => await store.SaveAsync("mine.json", Export("b", new string('y', 40)), default);

        (await upload.Should().ThrowAsync<CookieFileException>()).Which.TooLarge.Should().BeTrue();
        _files.Listings.Should().BeGreaterThan(0);
        (await _files.ListAsync(1024)).Select(f => f.Name).Should().Equal("other.json");
    }

    private CookieStore Store(CookieOptions? limits = null)
    {
        var options = limits ?? new CookieOptions();
        options.RefreshInterval = Interval;
        return new CookieStore(_files, new InProcessStorageLock(), Options.Create(options), Options.Create(new CookieUploadOptions()), _time, NullLogger<CookieStore>.Instance);
    }

    private static byte[] Export(string name, string value) =>
        Encoding.UTF8.GetBytes($$"""[{"domain":"chat.example","name":"{{name}}","value":"{{value}}","path":"/"}]""");
}
