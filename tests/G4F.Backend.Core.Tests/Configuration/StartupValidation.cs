using System.Collections;
using System.Reflection;
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
        // Every public property, so a setting added later is validated here without this list knowing it.
        foreach (var property in typeof(G4FBackendOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanWrite)
            {
                property.SetValue(target, property.GetValue(options));
            }
            else if (property.GetValue(options) is IDictionary source && property.GetValue(target) is IDictionary copy)
            {
                foreach (DictionaryEntry entry in source)
                {
                    copy[entry.Key] = entry.Value;
                }
            }
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
