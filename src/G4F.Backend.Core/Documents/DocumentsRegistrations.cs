using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Documents;

/// <summary>The converters to markdown, their lookup and the gate that bounds their CPU work.</summary>
internal static class DocumentsRegistrations
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.TryAddSingleton<DocumentConverters>();
        DocumentConverterRegistrations.AddBuiltInConverters(services);
        services.TryAddSingleton<ConversionGate>();
        return services;
    }
}
