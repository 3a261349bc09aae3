using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Providers;

/// <summary>
/// The configuration binder silently drops a dictionary entry whose values do not convert (a provider
/// with <c>Type: Banana</c> would just vanish). Binding each provider section on its own surfaces the
/// binder's message, which names the key, so the host fails at start instead.
/// </summary>
internal sealed class ProviderConfigurationValidator(IConfiguration configuration) : IValidateOptions<ProviderCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, ProviderCatalogOptions options)
    {
        var failures = new List<string>();
        foreach (var provider in configuration.GetSection("Providers").GetChildren())
        {
            try
            {
                provider.Get<ProviderOptions>();
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
