using Microsoft.Extensions.AI;

namespace G4F.Backend.Providers;

/// <summary>A provider backed by a host-supplied <see cref="IChatClient"/>, registered with <c>AddChatClientProvider</c>.</summary>
internal sealed record ChatClientRegistration(string Name, Func<IServiceProvider, IChatClient> Factory);
