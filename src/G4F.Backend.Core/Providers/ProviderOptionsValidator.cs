using G4F.Backend.Configuration;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Providers;

/// <summary>
/// Checks every provider under <c>G4F:Providers</c>, naming its key.
/// </summary>
internal sealed class ProviderOptionsValidator : IValidateOptions<ProviderCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, ProviderCatalogOptions options)
    {
        var failures = new List<string>();
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
            else if (!string.IsNullOrWhiteSpace(provider.BaseUrl) && !OptionLimits.IsHttpUrl(provider.BaseUrl))
            {
                failures.Add($"{key}:BaseUrl must be an absolute http or https URL, not '{OptionLimits.ShowUrl(provider.BaseUrl)}'.");
            }

            if (!string.IsNullOrWhiteSpace(provider.SpeechModel) && (provider.Type != ProviderType.OpenAICompatible || string.IsNullOrWhiteSpace(provider.SpeechVoice)))
            {
                failures.Add($"{key}:SpeechModel needs Type OpenAICompatible and a non-empty SpeechVoice.");
            }

            ValidateImageSizes(failures, key, provider.ImageSizes);
            OptionLimits.CheckTimer(failures, $"{key}:Timeouts:Connect", provider.Timeouts.Connect);
            OptionLimits.CheckTimer(failures, $"{key}:Timeouts:FirstByte", provider.Timeouts.FirstByte);
            OptionLimits.CheckTimer(failures, $"{key}:Timeouts:Idle", provider.Timeouts.Idle);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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
            if (!string.IsNullOrEmpty(size) && !ImageSizeMapping.IsValidSize(size))
            {
                failures.Add($"{key}:ImageSizes:{shape} must be empty, 'auto' or WIDTHxHEIGHT such as 1024x1024, not '{size}'.");
            }
        }
    }
}
