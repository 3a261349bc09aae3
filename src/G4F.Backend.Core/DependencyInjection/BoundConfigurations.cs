using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The configurations <c>AddG4FBackend</c> has bound the backend options to, kept in the service collection itself: a
/// host whose modules each call <c>AddG4FBackend(section)</c> must get the section once, since binding it again appends
/// every list a second time (provider models, <c>/v1</c> keys, CORS origins, allowed networks).
/// </summary>
internal sealed class BoundConfigurations
{
    private readonly HashSet<string> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<IConfiguration> _others = new(ReferenceEqualityComparer.Instance);

    /// <summary>The collection's record, added with the first call.</summary>
    public static BoundConfigurations Of(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(BoundConfigurations) && descriptor.ImplementationInstance is BoundConfigurations bound)
            {
                return bound;
            }
        }

        var added = new BoundConfigurations();
        services.AddSingleton(added);
        return added;
    }

    /// <summary>
    /// True the first time <paramref name="configuration"/> is seen. A section is known by its path (configuration keys
    /// ignore case), since <c>GetSection</c> hands out a new object on every call.
    /// </summary>
    public bool Add(IConfiguration configuration) => configuration is IConfigurationSection section
        ? _sections.Add(section.Path)
        : _others.Add(configuration);
}
