using System.IO.Compression;
using G4F.Backend.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Documents;

/// <summary>
/// ZIP archives: each member another converter accepts, in archive order, as a fenced block whose info string is
/// the member's name (the original's legacy reader did the same). Members are only ever read into memory or a
/// randomly named temporary file of the <see cref="ScratchSpace"/> (deleted on close), never extracted, so a name such as
/// <c>../../x</c> is just a label. The entry count
/// and the bytes actually inflated are capped (<c>G4F:Buckets:MaxArchiveEntries</c>, <c>MaxArchiveBytes</c>), the count
/// and the central directory's size from the end records before the archive is opened (<see cref="ZipDirectoryGuard"/>);
/// nested archives are skipped.
/// </summary>
internal sealed class ZipDocumentConverter(IServiceProvider services, DocumentLimits limits) : IDocumentConverter
{
    public bool CanConvert(string extension, string? contentType) =>
        extension == ".zip"
        || (extension.Length == 0 && contentType is "application/zip" or "application/x-zip-compressed");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        // Resolved here, not in the constructor: the converter list contains this converter.
        var converters = services.GetRequiredService<DocumentConverters>();
        ZipArchive? archive = null;
        IReadOnlyList<ZipArchiveEntry> entries;
        try
        {
            ZipDirectoryGuard.Ensure(input.Content, "ZIP", limits.MaxArchiveEntries);
            archive = new ZipArchive(input.Content, ZipArchiveMode.Read, leaveOpen: true);
            entries = archive.Entries;
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            archive?.Dispose();
            throw ConversionFailure.Unreadable("ZIP", ex);
        }

        using (archive)
        {
            if (entries.Count > limits.MaxArchiveEntries)
            {
                throw new DocumentConversionException($"The ZIP file has {entries.Count} entries; at most {limits.MaxArchiveEntries} are read.");
            }

            var scratch = services.GetRequiredService<ScratchSpace>();
            var spillFolder = () => scratch.SharedFolder(ScratchPurpose.ArchiveSpill);
            var budget = new ZipInflateBudget(limits.MaxArchiveBytes, spillFolder);
            var writer = new MarkdownBlockWriter(output);
            foreach (var entry in entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var extension = Path.GetExtension(entry.Name).ToLowerInvariant();
                if (entry.FullName.EndsWith('/') || extension == ".zip" || converters.Find(entry.Name, null) is not { } converter || converter is ZipDocumentConverter)
                {
                    continue;
                }

                await WriteMemberAsync(entry, converter, budget, MemberBudget(output), writer, spillFolder, cancellationToken).ConfigureAwait(false);
                await writer.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // A member's text is buffered before it is fenced into the output, so it gets the output's own remaining budget: the
    // archive as a whole never holds more than one conversion may write.
    private long MemberBudget(TextWriter output) => output is OutputBudgetWriter outer ? outer.Remaining : limits.MaxConvertedBytes;

    // The member's markdown goes to a spill-backed buffer and from there into the fenced block, in pieces: neither the
    // member's bytes nor its text are ever one string.
    private static async Task WriteMemberAsync(ZipArchiveEntry entry, IDocumentConverter converter, ZipInflateBudget budget, long maxBytes, MarkdownBlockWriter writer, Func<string> spillFolder, CancellationToken cancellationToken)
    {
        var text = new ZipMemberText(spillFolder);
        await using (text.ConfigureAwait(false))
        {
            var note = await ConvertMemberAsync(entry, converter, budget, new OutputBudgetWriter(text, maxBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
            var name = MarkdownText.OneLine(entry.FullName);
            if (note is not null)
            {
                var fence = MarkdownText.Fence(note);
                writer.Block().Append(fence).Append(name).Append('\n').Append(note).Append('\n').Append(fence);
                return;
            }

            var memberFence = new string('`', Math.Max(3, text.LongestBacktickRun + 1));
            writer.Block().Append(memberFence).Append(name).Append('\n');
            await text.CopyToAsync(writer, cancellationToken).ConfigureAwait(false);
            writer.Continue().Append(text.TrimmedLength > 0 ? "\n" : string.Empty).Append(memberFence);
        }
    }

    /// <summary>Converts the member into <paramref name="text"/>; returns the note shown instead when it cannot be converted.</summary>
    private static async Task<string?> ConvertMemberAsync(ZipArchiveEntry entry, IDocumentConverter converter, ZipInflateBudget budget, TextWriter text, CancellationToken cancellationToken)
    {
        var content = await budget.InflateAsync(entry, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            try
            {
                await converter.ConvertAsync(new DocumentInput(entry.Name, null, content), text, cancellationToken).ConfigureAwait(false);
            }
            catch (DocumentConversionException ex)
            {
                // One bad member does not spoil the archive; the reader learns why it is missing.
                return $"*Not converted: {ex.Message}*";
            }
            catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
            {
                // A converter (perhaps the host's) that fails with a library exception: its message may carry
                // internals, so the note only names the member's format.
                return $"*Not converted: {ConversionFailure.Unreadable(Path.GetExtension(entry.Name).TrimStart('.').ToUpperInvariant(), ex).Message}*";
            }

            return null;
        }
    }
}
