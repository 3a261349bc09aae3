namespace G4F.Backend.FrontDoors;

/// <summary>Cross-origin settings (configuration <c>G4F:Cors</c>), applied by <c>AddCorsPolicy()</c>.</summary>
public sealed class CorsSettings
{
    /// <summary>
    /// Origins allowed to call the API (<c>https://g4f.dev</c>: scheme, host and port, no path); <c>*</c> allows any origin,
    /// answered with <c>Access-Control-Allow-Origin: *</c> and never with credentials.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// Whether pages served from this machine may call the API: <c>http</c> or <c>https</c> origins on <c>localhost</c>,
    /// <c>127.0.0.0/8</c> or <c>[::1]</c>, any port. Default false (the sample turns it on).
    /// </summary>
    public bool AllowLoopbackOrigins { get; set; }

    /// <summary>
    /// Whether the allowed origins may send credentials (cookies, HTTP authentication): <c>Access-Control-Allow-Credentials: true</c>.
    /// Only for a list of named origins: refused at start together with <c>*</c> or <see cref="AllowLoopbackOrigins"/>. Default false.
    /// </summary>
    public bool AllowCredentials { get; set; }
}
