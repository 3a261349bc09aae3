using System.Reflection;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Xunit.Abstractions;

namespace G4F.Backend.Core.Tests.Architecture;

/// <summary>
/// A turn carries what its steps add in its context and never rewrites the request on its way: in the turn's folders
/// (Conversations, Search, Routing) the only copy of <see cref="ChatRequest"/> (a record's <c>with</c>, compiled to a
/// call of its <c>&lt;Clone&gt;$</c>) is the request a provider receives, made per candidate where the attempt is
/// (<see cref="UpstreamTurn.RequestFor"/>). Read from the compiled assembly, lambdas and async state machines included.
/// </summary>
public sealed class TurnRequestCopyTests(ITestOutputHelper output)
{
    private static readonly Assembly Core = typeof(G4FBackendOptions).Assembly;

    private static readonly string[] TurnNamespaces = ["G4F.Backend.Conversations", "G4F.Backend.Search", "G4F.Backend.Routing"];

    [Fact]
    public void Only_the_upstream_request_of_a_candidate_copies_the_ChatRequest()
    {
        var copies = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Core.GetTypes().Where(t => TurnNamespaces.Contains(t.Namespace)))
        {
            foreach (var method in IlTokens.DeclaredMethods(type))
            {
                if (IlTokens.Referenced(method).Any(IsChatRequestCopy))
                {
                    copies.Add($"{type.FullName![(type.Namespace!.Length + 1)..]}.{method.Name}");
                }
            }
        }

        foreach (var copy in copies)
        {
            output.WriteLine(copy);
        }

        copies.Should().Equal(
            [$"{nameof(UpstreamTurn)}.{nameof(UpstreamTurn.RequestFor)}"],
            "steps add to the turn context and the provider's request is made in one place, per candidate");
    }

    private static bool IsChatRequestCopy(MemberInfo member) =>
        member is MethodInfo { Name: "<Clone>$" } called && called.DeclaringType == typeof(ChatRequest);
}
