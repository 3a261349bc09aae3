using System.Reflection;
using G4F.Backend.Conversations;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// Features read only their own options section: nothing but the provider configuration (a dictionary at the root of
/// the options) takes the whole <see cref="G4FBackendOptions"/>. Constructors and the endpoints' handler parameters of
/// both packages are checked, compiler-generated closures included.
/// </summary>
public sealed class OptionsSectionTests
{
    // The providers are the root's own dictionary, so what configures or lists them reads the root.
    private static readonly string[] RootReaders =
    [
        "G4F.Backend.Providers.ProviderRegistry",
        "G4F.Backend.Speech.SpeechSynthesizers",
        "Microsoft.Extensions.DependencyInjection.ProviderHttpClientConfigurator",
    ];

    [Fact]
    public void Only_the_provider_configuration_injects_the_whole_options()
    {
        var readers = new[] { typeof(ConversationService).Assembly, typeof(G4FBackendCors).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Cast<MethodBase>()
                .Concat(type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                .Any(ReadsTheRoot))
            .Select(type => Outermost(type).FullName)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        readers.Should().BeEquivalentTo(RootReaders);
    }

    private static bool ReadsTheRoot(MethodBase method) =>
        method.GetParameters().Any(parameter => parameter.ParameterType is { IsGenericType: true } type
            && type.GetGenericArguments() is [var argument] && argument == typeof(G4FBackendOptions)
            && (type.GetGenericTypeDefinition() == typeof(IOptions<>) || type.GetGenericTypeDefinition() == typeof(IOptionsMonitor<>)
                || type.GetGenericTypeDefinition() == typeof(IOptionsSnapshot<>)));

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;
}
