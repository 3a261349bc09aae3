using G4F.Backend.Events;

namespace G4F.Backend.Providers;

/// <summary>How provider events name a configured provider.</summary>
internal static class ProviderInfos
{
    /// <summary>
    /// The provider and model for a <see cref="ProviderEvent"/>. A missing home page is an empty string:
    /// the client renders it as a link, and <c>null</c> would become <c>href="null"</c>.
    /// </summary>
    public static ProviderInfo For(ProviderDescriptor descriptor, string? model) =>
        new(descriptor.Name, descriptor.Url ?? string.Empty, descriptor.Label, model);
}
