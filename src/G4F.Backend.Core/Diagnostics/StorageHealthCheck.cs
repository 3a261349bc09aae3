using G4F.Backend.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace G4F.Backend.Diagnostics;

/// <summary>
/// Whether the data directory is writable: writes a small file in its staging folder, reads it back and deletes it.
/// The result names no path (a health endpoint may be public).
/// </summary>
internal sealed class StorageHealthCheck(ScratchSpace scratch) : IHealthCheck
{
    private static readonly byte[] Probe = "g4f health probe"u8.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ScratchFile? file = null;
        try
        {
            file = scratch.CreateFile(ScratchPurpose.HealthProbe);
            await File.WriteAllBytesAsync(file.Path, Probe, cancellationToken).ConfigureAwait(false);
            var back = await File.ReadAllBytesAsync(file.Path, cancellationToken).ConfigureAwait(false);
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
            file?.Dispose();
        }
    }
}
