using G4F.Backend.Buckets;
using G4F.Backend.Providers;
using Microsoft.Extensions.Options;

namespace G4F.Backend;

/// <summary>Rejects a configuration the backend cannot run with, naming the configuration key.</summary>
internal sealed class G4FBackendOptionsValidator : IValidateOptions<G4FBackendOptions>
{
    /// <summary>The longest delay a timer (CancelAfter) accepts: about 49.7 days.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Ten years: long enough for "forever", short enough that adding it to a date cannot overflow.</summary>
    private static readonly TimeSpan MaxCacheDuration = TimeSpan.FromDays(3650);

    public ValidateOptionsResult Validate(string? name, G4FBackendOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("G4F:DataDirectory must not be empty.");
        }

        InRange(failures, "G4F:ModelCacheDuration", options.ModelCacheDuration, MaxCacheDuration);
        InRange(failures, "G4F:ModelFailureCacheDuration", options.ModelFailureCacheDuration, MaxCacheDuration);
        InRange(failures, "G4F:LatestVersionCacheDuration", options.LatestVersionCacheDuration, MaxCacheDuration);
        InRange(failures, "G4F:ModelListTimeout", options.ModelListTimeout, MaxTimer);
        InRange(failures, "G4F:LatestVersionTimeout", options.LatestVersionTimeout, MaxTimer);
        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("G4F:MaxRequestBodyBytes must be positive.");
        }

        if (options.MaxAttachedMedia is < 0 or > 1000)
        {
            failures.Add("G4F:MaxAttachedMedia must be between 0 and 1000.");
        }

        if (options.MaxCookieFileBytes is <= 0 or > 1024 * 1024 * 1024)
        {
            failures.Add("G4F:MaxCookieFileBytes must be between 1 and 1073741824.");
        }

        // The body is buffered in one array before it is stored, so an array's length is the ceiling.
        if (options.Sharing is not { MaxChatBytes: > 0 } sharing || sharing.MaxChatBytes > Array.MaxLength)
        {
            failures.Add($"G4F:Sharing:MaxChatBytes must be positive and at most {Array.MaxLength}.");
        }

        if (options.Usage is null || options.Usage.MaxBodyBytes is <= 0 or > 16 * 1024 * 1024)
        {
            failures.Add("G4F:Usage:MaxBodyBytes must be between 1 and 16777216.");
        }

        if (options.Memory.MaxBodyBytes <= 0)
        {
            failures.Add("G4F:Memory:MaxBodyBytes must be positive.");
        }

        if (options.Memory.MaxPageSize is < 1 or > 100_000)
        {
            failures.Add("G4F:Memory:MaxPageSize must be between 1 and 100000.");
        }

        InRange(failures, "G4F:Memory:BusyTimeout", options.Memory.BusyTimeout, MaxTimer);
        ValidateBuckets(failures, options.Buckets);
        foreach (var (providerName, provider) in options.Providers)
        {
            if (!string.IsNullOrWhiteSpace(provider.SpeechModel) && (provider.Type != ProviderType.OpenAICompatible || string.IsNullOrWhiteSpace(provider.SpeechVoice)))
            {
                failures.Add($"G4F:Providers:{providerName}:SpeechModel needs Type OpenAICompatible and a non-empty SpeechVoice.");
            }
        }

        foreach (var (alias, target) in options.Speech.Aliases)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                failures.Add($"G4F:Speech:Aliases:{alias} must name a provider.");
            }
        }

        ValidateDownloads(failures, options.Downloads);
        ValidateCors(failures, options.Cors);
        if (options.Cookies is not { MaxPerDomain: > 0, MaxCookieBytes: > 0, MaxBytesPerDomain: > 0, MaxTotalBytes: > 0, MaxHeaderBytes: > 0 })
        {
            failures.Add("G4F:Cookies:MaxPerDomain, MaxCookieBytes, MaxBytesPerDomain, MaxTotalBytes and MaxHeaderBytes must be positive.");
        }
        Search.SearchOptionsValidation.Validate(failures, options.Search, MaxTimer);
        if (options.Create is null || options.Create.CacheDuration < TimeSpan.Zero || options.Create.MaxCacheEntries < 1)
        {
            failures.Add("G4F:Create:CacheDuration must not be negative and G4F:Create:MaxCacheEntries must be at least 1.");
        }

        if (!string.IsNullOrEmpty(options.LatestVersionUrl) && !IsHttpUrl(options.LatestVersionUrl))
        {
            failures.Add($"G4F:LatestVersionUrl must be an absolute http or https URL, not '{options.LatestVersionUrl}'.");
        }

        foreach (var (providerName, provider) in options.Providers)
        {
            var key = $"G4F:Providers:{providerName}";
            if (!Enum.IsDefined(provider.Type))
            {
                failures.Add($"{key}:Type must be one of {string.Join(", ", Enum.GetNames<ProviderType>())}.");
            }

            if (provider.Type == ProviderType.OpenAICompatible && string.IsNullOrWhiteSpace(provider.BaseUrl))
            {
                failures.Add($"{key}:BaseUrl is required for an OpenAICompatible provider.");
            }
            else if (!string.IsNullOrWhiteSpace(provider.BaseUrl) && !IsHttpUrl(provider.BaseUrl))
            {
                failures.Add($"{key}:BaseUrl must be an absolute http or https URL, not '{provider.BaseUrl}'.");
            }

            ValidateImageSizes(failures, key, provider.ImageSizes);
            InRange(failures, $"{key}:Timeouts:Connect", provider.Timeouts.Connect, MaxTimer);
            InRange(failures, $"{key}:Timeouts:FirstByte", provider.Timeouts.FirstByte, MaxTimer);
            InRange(failures, $"{key}:Timeouts:Idle", provider.Timeouts.Idle, MaxTimer);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBuckets(List<string> failures, BucketOptions? buckets)
    {
        if (buckets is null)
        {
            failures.Add("G4F:Buckets must not be null.");
            return;
        }

        Positive(failures, "G4F:Buckets:MaxFileBytes", buckets.MaxFileBytes);
        Positive(failures, "G4F:Buckets:MaxRequestBytes", buckets.MaxRequestBytes);
        Positive(failures, "G4F:Buckets:MaxBucketBytes", buckets.MaxBucketBytes);
        Positive(failures, "G4F:Buckets:MaxFilesPerRequest", buckets.MaxFilesPerRequest);
        Positive(failures, "G4F:Buckets:MaxPromptChars", buckets.MaxPromptChars);
        Positive(failures, "G4F:Buckets:MaxPromptMediaBytes", buckets.MaxPromptMediaBytes);
        Positive(failures, "G4F:Buckets:MaxArchiveEntries", buckets.MaxArchiveEntries);
        Positive(failures, "G4F:Buckets:MaxArchiveBytes", buckets.MaxArchiveBytes);
        Positive(failures, "G4F:Buckets:MaxPdfDecodedBytes", buckets.MaxPdfDecodedBytes);
        Positive(failures, "G4F:Buckets:MaxPdfPageDecodedBytes", buckets.MaxPdfPageDecodedBytes);
        Positive(failures, "G4F:Buckets:MaxOfficePartElements", buckets.MaxOfficePartElements);
        Positive(failures, "G4F:Buckets:MaxOfficeBlockElements", buckets.MaxOfficeBlockElements);
        Positive(failures, "G4F:Buckets:MaxDownloads", buckets.MaxDownloads);
        Positive(failures, "G4F:Buckets:MaxConvertedBytes", buckets.MaxConvertedBytes);
        if (buckets.MaxDownloadDepth < 0)
        {
            failures.Add("G4F:Buckets:MaxDownloadDepth must not be negative.");
        }

        InRange(failures, "G4F:Buckets:ConversionTimeout", buckets.ConversionTimeout, MaxTimer);
        InRange(failures, "G4F:Buckets:ConversionQueueTimeout", buckets.ConversionQueueTimeout, MaxTimer);

        // The multipart overhead is added to MaxRequestBytes for the server's body limit; keep that sum representable.
        if (buckets.MaxRequestBytes > long.MaxValue / 2)
        {
            failures.Add("G4F:Buckets:MaxRequestBytes is too large.");
        }
    }

    private static void ValidateImageSizes(List<string> failures, string key, ImageSizeOptions? sizes)
    {
        if (sizes is null)
        {
            failures.Add($"{key}:ImageSizes must not be null.");
            return;
        }

        foreach (var (shape, size) in (ReadOnlySpan<(string, string?)>)[("Square", sizes.Square), ("Landscape", sizes.Landscape), ("Portrait", sizes.Portrait)])
        {
            if (!string.IsNullOrEmpty(size) && !Providers.ImageSizeMapping.IsValidSize(size))
            {
                failures.Add($"{key}:ImageSizes:{shape} must be empty, 'auto' or WIDTHxHEIGHT such as 1024x1024, not '{size}'.");
            }
        }
    }

    private static void Positive(List<string> failures, string key, long value)
    {
        if (value <= 0)
        {
            failures.Add($"{key} must be positive.");
        }
    }

    private static void ValidateDownloads(List<string> failures, Downloads.DownloadOptions? downloads)
    {
        if (downloads is null)
        {
            failures.Add("G4F:Downloads must not be null.");
            return;
        }

        if (downloads.MaxBytes <= 0)
        {
            failures.Add("G4F:Downloads:MaxBytes must be positive.");
        }

        if (downloads.MaxDocumentBytes <= 0)
        {
            failures.Add("G4F:Downloads:MaxDocumentBytes must be positive.");
        }

        if (downloads.MaxConcurrentFetches <= 0)
        {
            failures.Add("G4F:Downloads:MaxConcurrentFetches must be positive.");
        }

        if (downloads.MaxFetchedBytes < 0)
        {
            failures.Add("G4F:Downloads:MaxFetchedBytes must not be negative (0 turns the ?url= fallbacks off).");
        }

        InRange(failures, "G4F:Downloads:Timeout", downloads.Timeout, MaxTimer);
        InRange(failures, "G4F:Downloads:ListTimeout", downloads.ListTimeout, MaxTimer);
        if (downloads.MaxRedirects is < 0 or > 20)
        {
            failures.Add("G4F:Downloads:MaxRedirects must be between 0 and 20.");
        }

        for (var i = 0; i < downloads.AllowedNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(downloads.AllowedNetworks[i]?.Trim() ?? string.Empty, out _))
            {
                failures.Add($"G4F:Downloads:AllowedNetworks:{i} must be a network in CIDR form such as 10.1.0.0/16 or fd00::/8, not '{downloads.AllowedNetworks[i]}'.");
            }
        }
    }

    private static void InRange(List<string> failures, string key, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            failures.Add($"{key} must be a positive time span of at most {max:d\\.hh\\:mm\\:ss}.");
        }
    }

    private static void ValidateCors(List<string> failures, CorsSettings cors)
    {
        // Credentials tell the browser to send the user's cookies and logins: only for origins named one by one.
        if (cors.AllowCredentials && (cors.AllowedOrigins.Any(o => o?.Trim() == "*") || cors.AllowLoopbackOrigins))
        {
            failures.Add("G4F:Cors:AllowCredentials cannot be combined with the origin '*' or G4F:Cors:AllowLoopbackOrigins: name the origins that may send credentials.");
        }

        foreach (var origin in cors.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o) && o.Trim() is not ("*" or "null")))
        {
            if (!Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
            {
                failures.Add($"G4F:Cors:AllowedOrigins holds '{origin}', which is not an origin (scheme://host[:port], no path), '*' or 'null'.");
            }
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);
}
