namespace G4F.Backend.Providers;

/// <summary>Builds the descriptor of a configured provider.</summary>
internal static class ProviderDescriptorFactory
{
    public static ProviderDescriptor Create(string name, ProviderOptions options) => new()
    {
        Name = name,
        Label = string.IsNullOrWhiteSpace(options.Label) ? name : options.Label,
        Url = options.Url,
        LoginUrl = options.LoginUrl,
        Parent = options.Parent,
        RequiresAuth = options.RequiresApiKey ?? !string.IsNullOrEmpty(options.ApiKey),
        ActiveByDefault = options.ActiveByDefault,
        Priority = options.Priority,
        DefaultModel = string.IsNullOrWhiteSpace(options.DefaultModel) ? null : options.DefaultModel,
        Models = options.Models is null ? null : [.. options.Models.Where(m => !string.IsNullOrWhiteSpace(m))],
        ImageModels = [.. options.ImageModels],
        VisionModels = [.. options.VisionModels],
        AudioModels = [.. options.AudioModels],
        VideoModels = [.. options.VideoModels],
    };
}
