namespace G4F.Backend;

/// <summary>Cross-origin settings (configuration <c>G4F:Cors</c>).</summary>
public sealed class CorsSettings
{
    /// <summary>Origins allowed to call the API; <c>*</c> allows any origin (with credentials, as the original's deployment does).</summary>
    public IList<string> AllowedOrigins { get; } = [];
}
