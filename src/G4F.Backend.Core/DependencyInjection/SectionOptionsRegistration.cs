using G4F.Backend;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a feature's section of the options (see <see cref="SectionOptionsFactory{TSection}"/>).</summary>
internal static class SectionOptionsRegistration
{
    /// <summary>
    /// Adds <typeparamref name="TSection"/> as options of its own, read from the backend options by
    /// <paramref name="select"/> (the configuration key <paramref name="key"/>, for messages) and checked by <typeparamref name="TValidator"/> when the host starts.
    /// </summary>
    public static IServiceCollection AddSection<TSection, TValidator>(this IServiceCollection services, string key, Func<G4FBackendOptions, TSection> select)
        where TSection : class
        where TValidator : class, IValidateOptions<TSection>
    {
        services.TryAddSingleton<BoundRootOptions>();
        services.TryAddSingleton<IOptionsFactory<TSection>>(provider => new SectionOptionsFactory<TSection>(
            provider.GetRequiredService<BoundRootOptions>(),
            key,
            select,
            provider.GetServices<IConfigureOptions<TSection>>(),
            provider.GetServices<IPostConfigureOptions<TSection>>(),
            provider.GetServices<IValidateOptions<TSection>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TSection>, TValidator>());
        services.AddOptions<TSection>().ValidateOnStart();
        return services;
    }
}
