using System.Reflection;
using G4F.Backend.Conversations;
using G4F.Backend.Core.Tests.Architecture;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// Features read only their own options section: no service of either package takes the whole
/// <see cref="G4FBackendOptions"/>, neither injected (constructors and the endpoints' handler parameters) nor resolved
/// from a service provider in a method body. Only the composition root (the registration extensions in
/// <c>Microsoft.Extensions.DependencyInjection</c>) knows the root options. Compiler-generated closures included.
/// </summary>
public sealed class OptionsSectionTests
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    // Where the options are cut into sections and the backend is registered.
    private const string CompositionRoot = "Microsoft.Extensions.DependencyInjection";

    private static readonly Assembly[] Packages = [typeof(ConversationService).Assembly, typeof(G4FBackendCors).Assembly];

    [Fact]
    public void No_service_injects_the_whole_options()
    {
        var readers = Readers(method => method.GetParameters().Any(parameter => IsWholeOptions(parameter.ParameterType)));

        readers.Should().BeEmpty("a feature injects IOptions<TSection> of its own section");
    }

    [Fact]
    public void Only_the_composition_root_resolves_the_whole_options()
    {
        var resolvers = Readers(method => IlTokens.Referenced(method).Any(NamesWholeOptions));

        resolvers.Should().BeEmpty("a method that asks a service provider for the whole options is a feature reading the root behind the constructor's back");
    }

    private static List<string> Readers(Func<MethodBase, bool> reads) =>
        Packages
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => Outermost(type).Namespace != CompositionRoot)
            .Where(type => type.GetConstructors(Declared).Cast<MethodBase>().Concat(type.GetMethods(Declared)).Any(reads))
            .Select(type => Outermost(type).FullName!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    // GetRequiredService<IOptions<G4FBackendOptions>>(), GetService(typeof(IOptionsMonitor<G4FBackendOptions>)),
    // or .Value of one: each names the constructed options type somewhere in the instruction's operand.
    private static bool NamesWholeOptions(MemberInfo member) => member switch
    {
        Type type => IsWholeOptions(type),
        MethodInfo method => IsWholeOptions(method.DeclaringType!) || IsWholeOptions(method.ReturnType)
            || (method.IsGenericMethod && method.GetGenericArguments().Any(IsWholeOptions)),
        MethodBase method => IsWholeOptions(method.DeclaringType!),
        FieldInfo field => IsWholeOptions(field.FieldType),
        _ => false,
    };

    private static bool IsWholeOptions(Type type) =>
        type is { IsGenericType: true } && type.GetGenericArguments() is [var argument] && argument == typeof(G4FBackendOptions)
        && (type.GetGenericTypeDefinition() == typeof(IOptions<>) || type.GetGenericTypeDefinition() == typeof(IOptionsMonitor<>)
            || type.GetGenericTypeDefinition() == typeof(IOptionsSnapshot<>));

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
