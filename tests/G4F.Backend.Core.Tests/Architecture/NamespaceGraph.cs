using System.Reflection;

namespace G4F.Backend.Core.Tests.Architecture;

/// <summary>
/// The namespace dependency graph of a compiled assembly: an edge A → B when a type of namespace A names a type
/// of namespace B anywhere the compiler keeps it (base type, interfaces, attributes, fields, properties, events,
/// signatures, generic arguments and constraints, locals, catch clauses, and every member or type an IL
/// instruction names). Compiler-generated nested types (async state machines, iterator classes, lambda closures)
/// count for the namespace of the type that declares them.
/// </summary>
internal sealed class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private readonly SortedDictionary<string, SortedDictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>Every namespace that has a type.</summary>
    public IEnumerable<string> Namespaces => _edges.Keys;

    /// <summary>
    /// Builds the graph of <paramref name="assembly"/>'s namespaces accepted by <paramref name="include"/>.
    /// The references <paramref name="ignore"/> picks (by the declaring type, nested types counting as their outermost one,
    /// and the namespace referred to) are left out.
    /// </summary>
    public static NamespaceGraph Of(Assembly assembly, Func<string, bool> include, Func<Type, string, bool>? ignore = null)
    {
        var graph = new NamespaceGraph();
        foreach (var type in assembly.GetTypes())
        {
            if (type.Namespace is not { } from || !include(from))
            {
                continue;
            }

            graph.Node(from);
            foreach (var (used, where) in References(type))
            {
                foreach (var named in Flatten(used))
                {
                    if (named.Assembly == assembly && named.Namespace is { } to && to != from && include(to)
                        && ignore?.Invoke(Outermost(type), to) != true)
                    {
                        graph.Edge(from, to, $"{Display(type)}{where} uses {Display(named)}");
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>
    /// Every type <paramref name="type"/> names anywhere the compiler keeps it (the same places the graph counts), with
    /// where; element types, generic definitions and generic arguments are named on their own.
    /// </summary>
    public static IEnumerable<(Type Named, string Where)> TypesNamedBy(Type type) =>
        from reference in References(type)
        from named in Flatten(reference.Used)
        select (named, reference.Where);

    /// <summary>The namespaces <paramref name="from"/> depends on directly.</summary>
    public IReadOnlyCollection<string> DependenciesOf(string from) =>
        _edges.TryGetValue(from, out var to) ? to.Keys : [];

    /// <summary>One example of what makes <paramref name="from"/> depend on <paramref name="to"/>.</summary>
    public string Evidence(string from, string to) => _edges[from][to];

    /// <summary>A shortest path from <paramref name="from"/> to <paramref name="to"/>, or null when there is none.</summary>
    public IReadOnlyList<string>? PathBetween(string from, string to)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.TryDequeue(out var at))
        {
            foreach (var next in DependenciesOf(at))
            {
                if (next == to)
                {
                    var path = new List<string> { to, at };
                    while (at != from)
                    {
                        at = previous[at];
                        path.Add(at);
                    }

                    path.Reverse();
                    return path;
                }

                if (next != from && previous.TryAdd(next, at))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Every dependency that closes a circle, each with the shortest circle through it (the same circle found from
    /// two of its steps is reported once, starting at its alphabetically first namespace).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var cycles = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (from, dependencies) in _edges)
        {
            foreach (var to in dependencies.Keys)
            {
                if (PathBetween(to, from) is not { } back)
                {
                    continue;
                }

                var ring = new List<string> { from };
                ring.AddRange(back.Take(back.Count - 1));
                var first = ring.IndexOf(ring.Min(StringComparer.Ordinal)!);
                var cycle = ring.Skip(first).Concat(ring.Take(first)).Append(ring[first]).ToList();
                if (seen.Add(string.Join(" ", cycle)))
                {
                    cycles.Add(cycle);
                }
            }
        }

        return cycles;
    }

    /// <summary>A readable account of a path: each step with the reference that makes it.</summary>
    public string Describe(IReadOnlyList<string> path)
    {
        var lines = new List<string> { string.Join(" -> ", path) };
        for (var i = 0; i + 1 < path.Count; i++)
        {
            lines.Add($"  {path[i]} -> {path[i + 1]}: {Evidence(path[i], path[i + 1])}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private void Node(string name)
    {
        if (!_edges.ContainsKey(name))
        {
            _edges[name] = new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
    }

    private void Edge(string from, string to, string evidence)
    {
        Node(from);
        Node(to);
        _edges[from].TryAdd(to, evidence);
    }

    private static IEnumerable<(Type Used, string Where)> References(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return (baseType, " (base type)");
        }

        foreach (var face in type.GetInterfaces())
        {
            yield return (face, " (interface)");
        }

        foreach (var used in Attributes(type.CustomAttributes))
        {
            yield return (used, " (attribute)");
        }

        foreach (var parameter in type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])
        {
            foreach (var constraint in parameter.GetGenericParameterConstraints())
            {
                yield return (constraint, " (constraint)");
            }
        }

        foreach (var field in type.GetFields(Declared))
        {
            yield return (field.FieldType, "." + field.Name);
            foreach (var used in Attributes(field.CustomAttributes))
            {
                yield return (used, "." + field.Name);
            }
        }

        foreach (var property in type.GetProperties(Declared))
        {
            yield return (property.PropertyType, "." + property.Name);
            foreach (var used in Attributes(property.CustomAttributes))
            {
                yield return (used, "." + property.Name);
            }
        }

        foreach (var declaredEvent in type.GetEvents(Declared))
        {
            yield return (declaredEvent.EventHandlerType!, "." + declaredEvent.Name);
        }

        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));
        foreach (var method in methods)
        {
            foreach (var used in Method(method))
            {
                yield return (used, "." + method.Name);
            }
        }
    }

    private static IEnumerable<Type> Method(MethodBase method)
    {
        if (method is MethodInfo info)
        {
            yield return info.ReturnType;
            foreach (var parameter in info.IsGenericMethodDefinition ? info.GetGenericArguments() : [])
            {
                foreach (var constraint in parameter.GetGenericParameterConstraints())
                {
                    yield return constraint;
                }
            }
        }

        foreach (var parameter in method.GetParameters())
        {
            yield return parameter.ParameterType;
            foreach (var used in Attributes(parameter.CustomAttributes))
            {
                yield return used;
            }
        }

        foreach (var used in Attributes(method.CustomAttributes))
        {
            yield return used;
        }

        if (method.GetMethodBody() is not { } body)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        foreach (var clause in body.ExceptionHandlingClauses)
        {
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
            {
                yield return clause.CatchType!;
            }
        }

        foreach (var member in IlTokens.Referenced(method))
        {
            switch (member)
            {
                case Type named:
                    yield return named;
                    break;
                case FieldInfo field:
                    yield return field.DeclaringType!;
                    yield return field.FieldType;
                    break;
                case MethodBase called:
                    yield return called.DeclaringType!;
                    if (called is MethodInfo calledInfo)
                    {
                        yield return calledInfo.ReturnType;
                        if (calledInfo.IsGenericMethod)
                        {
                            foreach (var argument in calledInfo.GetGenericArguments())
                            {
                                yield return argument;
                            }
                        }
                    }

                    foreach (var parameter in called.GetParameters())
                    {
                        yield return parameter.ParameterType;
                    }

                    break;
            }
        }
    }

    private static IEnumerable<Type> Attributes(IEnumerable<CustomAttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            yield return attribute.AttributeType;
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
            {
                if (argument.Value is Type named)
                {
                    yield return named;
                }
            }
        }
    }

    /// <summary>The types a type is made of: itself, element types, generic definitions and arguments.</summary>
    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.IsGenericParameter || type.IsFunctionPointer)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var inner in Flatten(type.GetElementType()!))
            {
                yield return inner;
            }

            yield break;
        }

        if (type.IsConstructedGenericType)
        {
            yield return type.GetGenericTypeDefinition();
            foreach (var argument in type.GetGenericArguments())
            {
                foreach (var inner in Flatten(argument))
                {
                    yield return inner;
                }
            }

            yield break;
        }

        yield return type;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static string Display(Type type) => Outermost(type) == type ? type.Name : $"{Outermost(type).Name}+{type.Name}";
}
