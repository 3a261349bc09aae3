using G4F.Backend.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace G4F.Backend.Diagnostics;

/// <summary>
/// Whether the data directory is writable: writes a small file in its staging folder, reads it back and deletes it.
/// The result names no path (a health endpoint may be public).
/// </summary>
internal sealed class StorageHealthCheck(DataPaths paths) : IHealthCheck
{
    private static readonly byte[] Probe = "g4f health probe"u8.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string? file = null;
        try
        {
            file = Path.Combine(paths.Folder(DataPaths.Staging, "health"), $"{Guid.NewGuid():N}.probe");
            await File.WriteAllBytesAsync(file, Probe, cancellationToken).ConfigureAwait(false);
            var back = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            return back.AsSpan().SequenceEqual(Probe)
                ? HealthCheckResult.Healthy("The data directory is writable.")
                : HealthCheckResult.Unhealthy("The data directory returned different bytes than were written.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The exception's message names the path: only its type goes out.
            return HealthCheckResult.Unhealthy($"The data directory is not writable ({ex.GetType().Name}).");
        }
        finally
        {
            if (file is not null)
            {
                TempFiles.Discard(file);
            }
        }
    }
}
