namespace G4F.Backend.Buckets;

/// <summary>One uploaded file waiting in the staging folder: its sanitised name, the type the client sent and where it lies.</summary>
internal sealed record StagedFile(string Name, string? ContentType, string Path, long Length);
