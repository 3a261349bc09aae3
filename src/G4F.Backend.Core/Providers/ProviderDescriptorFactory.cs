namespace G4F.Backend.Providers;

/// <summary>Builds the descriptor of a configured provider.</summary>
internal static class ProviderDescriptorFactory
{
    public static ProviderDescriptor Create(string name, ProviderOptions options) => new()
    {
        Name = name,
        Label = string.IsNullOrWhiteSpace(options.Label) ? name : options.Label,
        Url = options.Url,
        // The client only offers a key field for a provider with a login URL: one that needs a key gets its home page.
        LoginUrl = options.LoginUrl ?? (options.RequiresApiKey == true ? options.Url : null),
        Parent = options.Parent,
        RequiresAuth = options.RequiresApiKey ?? false,
        ActiveByDefault = options.ActiveByDefault,
        Priority = options.Priority,
        DefaultModel = string.IsNullOrWhiteSpace(options.DefaultModel) ? null : options.DefaultModel,
        Models = options.Models is null ? null : [.. options.Models.Where(m => !string.IsNullOrWhiteSpace(m))],
        ImageModels = [.. options.ImageModels],
        VisionModels = [.. options.VisionModels],
        AudioModels = [.. options.AudioModels],
        VideoModels = [.. options.VideoModels],
        TakesCallerKey = string.IsNullOrWhiteSpace(options.ApiKey),
    };
}
