using System.Reflection;
using G4F.Backend.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace G4F.Backend.Core.Tests.Architecture;

/// <summary>
/// Nothing outside the storage seam touches the data directory: only the types of G4F.Backend.Storage (the data
/// directory's layout and the scratch space) and the embedded default stores (each class of Core that implements an
/// interface a <c>Use*</c> store step of the backend builder replaces) name <see cref="DataPaths"/> or
/// <see cref="StorageOptions"/>, or read <see cref="G4FBackendOptions.DataDirectory"/>. Every other feature gets its
/// temporary files and folders from <see cref="ScratchSpace"/>. Read from the compiled assembly, method bodies included.
/// </summary>
public sealed class StorageSeamTests(ITestOutputHelper output)
{
    private static readonly Assembly Core = typeof(G4FBackendOptions).Assembly;

    private static readonly Type[] DataDirectoryTypes = [typeof(DataPaths), typeof(StorageOptions)];

    private static readonly MethodInfo DataDirectoryGetter = typeof(G4FBackendOptions).GetProperty(nameof(G4FBackendOptions.DataDirectory))!.GetMethod!;

    [Fact]
    public void The_embedded_stores_are_found_from_the_builder_steps()
    {
        var stores = EmbeddedStores().Select(t => t.Name).ToList();

        output.WriteLine(string.Join(", ", stores));
        stores.Should().Contain(["FileSystemBucketStore", "FileSystemMediaStore", "FileSystemChatShareStore", "FileUsageLog", "FileSystemCookieFileStore", "FileCacheStore", "SqliteMemoryStore"]);
    }

    [Fact]
    public void Only_storage_and_the_embedded_stores_reach_the_data_directory()
    {
        var allowed = EmbeddedStores().ToHashSet();
        var offenders = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var type in Core.GetTypes())
        {
            var owner = Outermost(type);
            // The options root and the composition root's cutting of it into sections carry the setting; neither uses it.
            if (owner.Namespace == typeof(DataPaths).Namespace || allowed.Contains(owner) || owner == typeof(G4FBackendOptions) || owner == typeof(G4FBackendSections))
            {
                continue;
            }

            foreach (var (named, where) in NamespaceGraph.TypesNamedBy(type))
            {
                if (DataDirectoryTypes.Contains(named))
                {
                    offenders.Add($"{Display(type)}{where} names {named.Name}");
                }
            }

            foreach (var method in IlTokens.DeclaredMethods(type))
            {
                if (IlTokens.Referenced(method).Any(m => m is MethodInfo called && called == DataDirectoryGetter))
                {
                    offenders.Add($"{Display(type)}.{method.Name} reads G4FBackendOptions.DataDirectory");
                }
            }
        }

        foreach (var offender in offenders)
        {
            output.WriteLine(offender);
        }

        offenders.Should().BeEmpty("temporary files come from the ScratchSpace and kept data from a store");
    }

    // The classes of Core behind the builder's store steps: UseBucketStore<TStore> where TStore : IBucketStore, and so on.
    private static IEnumerable<Type> EmbeddedStores()
    {
        var seams = typeof(G4FBackendStoreBuilderExtensions)
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name.StartsWith("Use", StringComparison.Ordinal) && m.IsGenericMethodDefinition)
            .SelectMany(m => m.GetGenericArguments().Single().GetGenericParameterConstraints())
            .Where(c => c.IsInterface)
            .ToHashSet();
        seams.Should().NotBeEmpty("the builder has a step per store");

        return Core.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(seams.Contains));
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
