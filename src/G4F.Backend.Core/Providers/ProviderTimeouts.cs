namespace G4F.Backend.Providers;

/// <summary>Time limits of one upstream call; a hung upstream ends in an <c>error</c> event within them.</summary>
public sealed class ProviderTimeouts
{
    /// <summary>Longest wait for the TCP/TLS connection. Default 10 seconds.</summary>
    public TimeSpan Connect { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait from sending the request to the first streamed chunk. Default 60 seconds.</summary>
    public TimeSpan FirstByte { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest silence between two streamed chunks. Default 60 seconds.</summary>
    public TimeSpan Idle { get; set; } = TimeSpan.FromSeconds(60);
}
