using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Documents;

/// <summary>The built-in converters, registered before any the host adds (the last registered match wins).</summary>
internal static class DocumentConverterRegistrations
{
    public static void AddBuiltInConverters(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, PlainTextDocumentConverter>());
    }
}
