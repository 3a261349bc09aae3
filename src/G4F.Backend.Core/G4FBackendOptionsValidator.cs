using Microsoft.Extensions.Options;

namespace G4F.Backend;

/// <summary>Rejects a configuration the backend cannot run with, naming the configuration key.</summary>
internal sealed class G4FBackendOptionsValidator : IValidateOptions<G4FBackendOptions>
{
    public ValidateOptionsResult Validate(string? name, G4FBackendOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("G4F:DataDirectory must not be empty.");
        }

        Positive(failures, "G4F:ModelCacheDuration", options.ModelCacheDuration);
        Positive(failures, "G4F:ModelListTimeout", options.ModelListTimeout);
        Positive(failures, "G4F:LatestVersionTimeout", options.LatestVersionTimeout);
        if (options.MaxRequestBodyBytes <= 0)
        {
            failures.Add("G4F:MaxRequestBodyBytes must be positive.");
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

            Positive(failures, $"{key}:Timeouts:Connect", provider.Timeouts.Connect);
            Positive(failures, $"{key}:Timeouts:FirstByte", provider.Timeouts.FirstByte);
            Positive(failures, $"{key}:Timeouts:Idle", provider.Timeouts.Idle);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive time span.");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);
}
