namespace G4F.Backend.Media;

/// <summary>The pixel size of an image as shown (after EXIF rotation).</summary>
internal readonly record struct ImageSize(int Width, int Height);
