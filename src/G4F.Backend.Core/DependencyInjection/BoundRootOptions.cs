using G4F.Backend;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The backend options as bound and configured, before their validation: each section is read from here and checked
/// by its own validators, so a failure is reported once, by the section it belongs to, not again by every section.
/// </summary>
internal sealed class BoundRootOptions(IEnumerable<IConfigureOptions<G4FBackendOptions>> setups, IEnumerable<IPostConfigureOptions<G4FBackendOptions>> postConfigures)
{
    private readonly OptionsFactory<G4FBackendOptions> _factory = new(setups, postConfigures);
    private readonly OptionsCache<G4FBackendOptions> _bound = new();

    public G4FBackendOptions Get(string name) => _bound.GetOrAdd(name, () => _factory.Create(name));
}
