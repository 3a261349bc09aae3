using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Memory;

/// <summary>G4F:Memory values the store cannot run with stop the host at start, naming the key.</summary>
public sealed class MemoryOptionsTests
{
    [Theory]
    [InlineData("G4F:Memory:MaxBodyBytes", "0")]
    [InlineData("G4F:Memory:MaxBodyBytes", "-5")]
    [InlineData("G4F:Memory:MaxPageSize", "0")]
    [InlineData("G4F:Memory:MaxPageSize", "100001")]
    [InlineData("G4F:Memory:BusyTimeout", "-00:00:01")]
    [InlineData("G4F:Memory:BusyTimeout", "00:00:00")]
    public void Invalid_memory_options_fail_at_start_naming_the_key(string key, string value)
    {
        using var factory = new BackendFactory(new Dictionary<string, string?> { [key] = value });

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains(key), $"the failure names {key}");
    }
}
