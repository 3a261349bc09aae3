namespace G4F.Backend.Buckets;

/// <summary>A converter wrote more text than <see cref="CappedTextWriter"/> allows; the file becomes a per-file error.</summary>
internal sealed class ConvertedTextTooLargeException() : Exception("The converted text is too large");
