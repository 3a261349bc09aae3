namespace G4F.Backend.Usage;

/// <summary>Serializes the appends to one day file inside the process.</summary>
internal sealed class AppendGate
{
    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>
    /// Whether the file's end was checked for a line torn by an earlier crash. Only the first append of
    /// the process looks: every line this process writes ends in <c>\n</c>.
    /// </summary>
    public bool TailChecked { get; set; }
}
