namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>One sample server process shared by the tests of a class (starting one costs a second or two).</summary>
public sealed class SampleServerFixture : IAsyncLifetime
{
    private SampleServerProcess? _server;

    /// <summary>The running server.</summary>
    public SampleServerProcess Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await SampleServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
