using System.IO.Compression;

namespace G4F.Backend.Documents;

/// <summary>
/// Inflates ZIP members while counting the bytes that really come out (the sizes in the headers are the
/// attacker's word), so an archive stops at its byte cap however it lies. Small members stay in memory, larger
/// ones spill to a randomly named file in <paramref name="spillFolder"/> (inside the data directory: nothing is ever
/// written outside it), deleted on close, keeping memory bounded.
/// </summary>
internal sealed class ZipInflateBudget(long maxBytes, Func<string> spillFolder)
{
    private const int InMemoryLimit = 8 * 1024 * 1024;
    private const int BufferSize = 81_920;

    private long _used;

    /// <summary>The member's bytes in a readable, seekable stream positioned at the start.</summary>
    public async Task<Stream> InflateAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        Stream target = new MemoryStream();
        try
        {
            Stream source;
            try
            {
                source = entry.Open();
            }
            catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
            {
                throw ConversionFailure.Unreadable("ZIP", ex);
            }

            await using (source.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                while (true)
                {
                    int read;
                    try
                    {
                        read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
                    {
                        throw ConversionFailure.Unreadable("ZIP", ex);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    _used += read;
                    if (_used > maxBytes)
                    {
                        throw new DocumentConversionException($"The ZIP file unpacks to more than {maxBytes} bytes.");
                    }

                    if (target is MemoryStream memory && memory.Length + read > InMemoryLimit)
                    {
                        target = await SpillAsync(memory, spillFolder(), cancellationToken).ConfigureAwait(false);
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            target.Position = 0;
            return target;
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Stream> SpillAsync(MemoryStream memory, string folder, CancellationToken cancellationToken)
    {
        // A random name, removed when the handle closes: nothing named after the member. A crash's leftover is swept
        // with the staging folder it lives in.
        var file = new FileStream(Path.Combine(folder, $"{Path.GetRandomFileName()}.spill"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            memory.Position = 0;
            await memory.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            await memory.DisposeAsync().ConfigureAwait(false);
            return file;
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
