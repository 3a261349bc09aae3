using System.IO.Compression;

namespace G4F.Backend.Documents;

/// <summary>
/// Inflates ZIP members while counting the bytes that really come out (the sizes in the headers are the
/// attacker's word), so an archive stops at its byte cap however it lies. Small members stay in memory, larger
/// ones spill to an anonymous temporary file deleted on close, keeping memory bounded.
/// </summary>
internal sealed class ZipInflateBudget(long maxBytes)
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
                        target = await SpillAsync(memory, cancellationToken).ConfigureAwait(false);
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

    private static async Task<Stream> SpillAsync(MemoryStream memory, CancellationToken cancellationToken)
    {
        // A random name in the temp folder, removed by the OS handle on close: nothing named after the member.
        var file = new FileStream(Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
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
