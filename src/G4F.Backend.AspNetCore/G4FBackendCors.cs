namespace G4F.Backend.AspNetCore;

/// <summary>Names of the backend's CORS policy.</summary>
internal static class G4FBackendCors
{
    public const string PolicyName = "G4F.Backend";

    public static readonly string[] ExposedHeaders = ["Content-Type", "Content-Length", "Content-Disposition", "ETag", "Last-Modified", "X-Accel-Buffering"];
}
