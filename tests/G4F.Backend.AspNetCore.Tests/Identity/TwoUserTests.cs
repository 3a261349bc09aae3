namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>
/// A test class's own <see cref="IdentityHost"/> with a client for each of two users, alice and bob (a fresh host per
/// test, so one test's owners never reach the next).
/// </summary>
public abstract class TwoUserTests : IAsyncLifetime
{
    /// <summary>The body every refused write of another user's data gets, with 403.</summary>
    protected const string Denied = """{"error":{"message":"Access denied: this belongs to another user"}}""";

    internal IdentityHost Host { get; private set; } = null!;

    protected HttpClient Alice { get; private set; } = null!;

    protected HttpClient Bob { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await IdentityHost.StartAsync();
        Alice = Host.ClientFor("alice");
        Bob = Host.ClientFor("bob");
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
