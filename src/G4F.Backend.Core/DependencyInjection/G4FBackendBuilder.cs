namespace Microsoft.Extensions.DependencyInjection;

internal sealed class G4FBackendBuilder(IServiceCollection services) : IG4FBackendBuilder
{
    public IServiceCollection Services { get; } = services;
}
