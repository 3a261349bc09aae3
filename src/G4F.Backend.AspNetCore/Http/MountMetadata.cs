using Microsoft.AspNetCore.Routing.Patterns;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Endpoint metadata of every route a mapping step (<c>MapG4FBackend</c>, <c>MapG4FOpenAI</c>) maps: the prefix its
/// route group was mounted under, the host's outer route groups included. Known only when the group's endpoints are
/// built (an outer group may be added around the step), so <see cref="MountPrefixSource"/> records it then; the routes
/// read it through <see cref="MountPath"/> instead of guessing the mount from their own path.
/// </summary>
internal sealed class MountMetadata
{
    private Recorded? _recorded;

    /// <summary>The number of path segments of the prefix (<c>0</c> at the root).</summary>
    public int Segments => Current.Segments;

    /// <summary>The prefix as a path (<c>""</c> at the root, <c>/g4f</c>, not escaped); null when it has parameters.</summary>
    public string? Literal => Current.Literal;

    private Recorded Current => Volatile.Read(ref _recorded)
        ?? throw new InvalidOperationException("The mount of a G4F route group is known once its endpoints are built.");

    /// <summary>
    /// The prefix as a route template (<c>""</c> at the root, <c>/t/{tenant:int}</c>): parameters with their names and
    /// constraints, so two mounts that route differently never spell the same text.
    /// </summary>
    public string Template => Current.Template;

    /// <summary>Keeps <paramref name="prefix"/>, the full prefix the group's endpoints are built under.</summary>
    public void Record(RoutePattern prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var literal = prefix.PathSegments.All(s => s.Parts is [RoutePatternLiteralPart])
            ? string.Concat(prefix.PathSegments.Select(s => "/" + ((RoutePatternLiteralPart)s.Parts[0]).Content))
            : null;
        var template = string.Concat(prefix.PathSegments.Select(s => "/" + string.Concat(s.Parts.Select(TemplateOf))));
        Volatile.Write(ref _recorded, new Recorded(prefix.PathSegments.Count, literal, template));
    }

    private static string TemplateOf(RoutePatternPart part) => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter => "{" + (parameter.IsCatchAll ? "*" : string.Empty) + parameter.Name
            + string.Concat(parameter.ParameterPolicies.Select(p => ":" + p.Content)) + (parameter.IsOptional ? "?" : string.Empty) + "}",
        _ => string.Empty,
    };

    private sealed record Recorded(int Segments, string? Literal, string Template);
}
