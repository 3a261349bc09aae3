using System.Text;
using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>The converters as the backend registers them, run on bytes built by the test.</summary>
internal sealed class ConverterHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public ConverterHarness(Action<G4FBackendOptions>? configure = null, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection();
        services.AddG4FBackend(options =>
        {
            // A folder of its own, so no run sees what another left behind.
            options.DataDirectory = DataDirectory;
            configure?.Invoke(options);
        });
        extra?.Invoke(services);
        _services = services.BuildServiceProvider();
        Converters = _services.GetRequiredService<DocumentConverters>();
    }

    public DocumentConverters Converters { get; }

    /// <summary>The data directory the converters may spill into (a fresh temporary folder, removed on dispose).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "g4f-conv-tests", Guid.NewGuid().ToString("N"));

    public async Task<string> ConvertAsync(string fileName, byte[] content, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var converter = Converters.Find(fileName, contentType) ?? throw new InvalidOperationException($"No converter for {fileName}");
        using var stream = new MemoryStream(content, writable: false);
        await using var output = new StringWriter();
        await converter.ConvertAsync(new DocumentInput(fileName, contentType, stream), output, cancellationToken);
        return output.ToString();
    }

    public Task<string> ConvertAsync(string fileName, string content, string? contentType = null) =>
        ConvertAsync(fileName, Encoding.UTF8.GetBytes(content), contentType);

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
