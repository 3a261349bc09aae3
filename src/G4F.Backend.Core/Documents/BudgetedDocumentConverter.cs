namespace G4F.Backend.Documents;

/// <summary>
/// Any converter, built-in or the host's, with its output counted against <see cref="OutputBudgetWriter"/>:
/// the one place where the total markdown of a document is capped.
/// </summary>
internal sealed class BudgetedDocumentConverter(IDocumentConverter inner, long maxChars) : IDocumentConverter
{
    /// <summary>The converter that does the work.</summary>
    public IDocumentConverter Inner { get; } = inner;

    public bool CanConvert(string extension, string? contentType) => Inner.CanConvert(extension, contentType);

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var budget = new OutputBudgetWriter(output, maxChars);
        await using (budget.ConfigureAwait(false))
        {
            await Inner.ConvertAsync(input, budget, cancellationToken).ConfigureAwait(false);
        }
    }
}
