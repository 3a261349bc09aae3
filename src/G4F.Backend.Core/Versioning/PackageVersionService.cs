using System.Reflection;
using System.Text.Json;
using G4F.Backend.Providers;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Versioning;

/// <summary>
/// The running version (the assembly's informational version) and the newest published one from the
/// NuGet feed, looked up with a short timeout and cached; offline it is simply unknown (null).
/// </summary>
internal sealed partial class PackageVersionService(
    IHttpClientFactory httpClientFactory,
    IOptions<VersionCheckOptions> options,
    TimeProvider timeProvider,
    ILogger<PackageVersionService> logger)
{
    /// <summary>The most bytes of the version feed read: NuGet's list of a package's versions is a few kilobytes.</summary>
    internal const int MaxFeedBytes = 1024 * 1024;

    private readonly SemaphoreSlim _lookupGate = new(1, 1);
    private LatestVersion? _latest;

    /// <summary>The running version, without source-revision metadata.</summary>
    public string? CurrentVersion { get; } = ReadCurrentVersion();

    /// <summary>
    /// The newest stable version on the feed when it is newer than the running one, else null: the client
    /// shows a "new version" banner for any value that differs from <see cref="CurrentVersion"/>.
    /// </summary>
    public async Task<string?> GetLatestVersionAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.LatestVersionUrl;
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (Volatile.Read(ref _latest) is { } cached && cached.ExpiresAt > timeProvider.GetUtcNow())
        {
            return cached.Version;
        }

        await _lookupGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_latest is { } again && again.ExpiresAt > timeProvider.GetUtcNow())
            {
                return again.Version;
            }

            var version = await LookupAsync(url, cancellationToken).ConfigureAwait(false);
            version = version is not null && IsNewer(version, CurrentVersion) ? version : null;
            Volatile.Write(ref _latest, new LatestVersion(version, timeProvider.GetUtcNow() + options.Value.LatestVersionCacheDuration));
            return version;
        }
        finally
        {
            _lookupGate.Release();
        }
    }

    private async Task<string?> LookupAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.LatestVersionTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = httpClientFactory.CreateClient(UpstreamHttpClients.Version);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogLookupFailed(logger, $"status {(int)response.StatusCode}");
                return null;
            }

            // The feed is a short list of versions; more than MaxFeedBytes is cut there, fails to parse, and is no answer.
            var stream = new LengthLimitedStream(await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false), MaxFeedBytes);
            await using var _ = stream.ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, default, linked.Token).ConfigureAwait(false);
            return document.RootElement.TryGetProperty("versions", out var versions) && versions.ValueKind == JsonValueKind.Array
                ? NewestStable(versions.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!))
                : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogLookupFailed(logger, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>The highest version without a pre-release label (NuGet lists versions in ascending order, but do not rely on it).</summary>
    internal static string? NewestStable(IEnumerable<string> versions) => versions
        .Where(v => !v.Contains('-', StringComparison.Ordinal))
        .Select(v => (Text: v, Parsed: Version.TryParse(v.Split('+')[0], out var parsed) ? parsed : null))
        .Where(v => v.Parsed is not null)
        .OrderByDescending(v => v.Parsed)
        .Select(v => v.Text)
        .FirstOrDefault();

    /// <summary>Whether <paramref name="candidate"/> (a stable version) is newer than <paramref name="current"/> (possibly a pre-release).</summary>
    internal static bool IsNewer(string candidate, string? current)
    {
        if (current is null || !Version.TryParse(current.Split('-', '+')[0], out var running))
        {
            return true;
        }

        if (!Version.TryParse(candidate.Split('-', '+')[0], out var published))
        {
            return false;
        }

        var order = published.CompareTo(running);
        return order > 0 || (order == 0 && current.Contains('-', StringComparison.Ordinal) && !candidate.Contains('-', StringComparison.Ordinal));
    }

    private static string? ReadCurrentVersion()
    {
        var informational = typeof(PackageVersionService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0];
    }

    /// <summary>An immutable cache entry, swapped as a whole so readers never see half of one.</summary>
    private sealed record LatestVersion(string? Version, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The latest-version lookup failed: {Reason}")]
    private static partial void LogLookupFailed(ILogger logger, string reason);
}
