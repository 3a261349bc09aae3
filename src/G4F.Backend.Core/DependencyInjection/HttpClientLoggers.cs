using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>RemoveAllLoggers()</c> does to a named client, applied from a named-options configurator: the provider clients'
/// names are only known when their options are read, and the step itself is only offered on an <see cref="IHttpClientBuilder"/>.
/// </summary>
internal static class HttpClientLoggers
{
    private const string Name = "G4F.RemoveAllLoggers";

    private static readonly IConfigureNamedOptions<HttpClientFactoryOptions> Removal = Capture();

    /// <summary>Removes the factory's default logging handlers (and any added logger) from the client <paramref name="options"/> configure.</summary>
    public static void RemoveAll(HttpClientFactoryOptions options) => Removal.Configure(Name, options);

    // The framework's own step, recorded on a collection of its own and replayed for any name.
    private static IConfigureNamedOptions<HttpClientFactoryOptions> Capture()
    {
        var services = new ServiceCollection();
        new RecordingBuilder(services).RemoveAllLoggers();
        return services.Select(d => d.ImplementationInstance).OfType<IConfigureNamedOptions<HttpClientFactoryOptions>>().Single();
    }

    private sealed class RecordingBuilder(IServiceCollection services) : IHttpClientBuilder
    {
        public string Name => HttpClientLoggers.Name;

        public IServiceCollection Services => services;
    }
}
