using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Documents;

/// <summary>
/// The built-in converters, registered before any the host adds (the last registered match wins). There is no
/// converter for the binary Office formats (<c>.doc</c>, <c>.xls</c>, <c>.ppt</c>).
/// </summary>
internal static class DocumentConverterRegistrations
{
    public static void AddBuiltInConverters(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, PlainTextDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, CsvDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, HtmlDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, PdfDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, DocxDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, XlsxDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, PptxDocumentConverter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentConverter, ZipDocumentConverter>());
    }
}
