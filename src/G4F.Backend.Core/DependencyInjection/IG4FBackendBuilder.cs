namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddG4FBackend</c>; further <c>Add*</c> steps hang off it.</summary>
public interface IG4FBackendBuilder
{
    /// <summary>The service collection the backend is registered in.</summary>
    IServiceCollection Services { get; }
}
