using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Configuration;

/// <summary>
/// Runs the checks a host runs when it starts (every section's validators, through <c>ValidateOnStart</c>) on one
/// options object, and collects the failures of all sections.
/// </summary>
internal static class StartupValidation
{
    /// <summary>Validates <paramref name="options"/> as a host would that configured exactly these values.</summary>
    public static ValidateOptionsResult Run(G4FBackendOptions options) => Run(target =>
    {
        target.DataDirectory = options.DataDirectory;
        target.Cors = options.Cors;
        target.Sharing = options.Sharing;
        target.Usage = options.Usage;
        target.Buckets = options.Buckets;
        target.Downloads = options.Downloads;
        target.Create = options.Create;
        target.Speech = options.Speech;
        target.Search = options.Search;
        target.MaxCookieFileBytes = options.MaxCookieFileBytes;
        target.Cookies = options.Cookies;
        target.ModelCacheDuration = options.ModelCacheDuration;
        target.Memory = options.Memory;
        target.ModelFailureCacheDuration = options.ModelFailureCacheDuration;
        target.ModelListTimeout = options.ModelListTimeout;
        target.AllowClientApiKeys = options.AllowClientApiKeys;
        target.EnableDebugLogEvents = options.EnableDebugLogEvents;
        target.MaxRequestBodyBytes = options.MaxRequestBodyBytes;
        target.MaxAttachedMedia = options.MaxAttachedMedia;
        target.LatestVersionUrl = options.LatestVersionUrl;
        target.LatestVersionTimeout = options.LatestVersionTimeout;
        target.LatestVersionCacheDuration = options.LatestVersionCacheDuration;
        foreach (var (name, provider) in options.Providers)
        {
            target.Providers[name] = provider;
        }
    });

    /// <summary>Runs every check a starting host runs, on the options <paramref name="configure"/> sets.</summary>
    public static ValidateOptionsResult Run(Action<G4FBackendOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddG4FBackend(configure);
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return ValidateOptionsResult.Success;
        }
        catch (OptionsValidationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Failures);
        }
        catch (AggregateException ex)
        {
            return ValidateOptionsResult.Fail(ex.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures));
        }
    }
}
