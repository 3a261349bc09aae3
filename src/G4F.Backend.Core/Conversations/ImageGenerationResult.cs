using G4F.Backend.Events;
using G4F.Backend.Requests;

namespace G4F.Backend.Conversations;

/// <summary>
/// What <see cref="ImageGenerationService.GenerateAsync"/> gives a host: the stored images, or why there are none: a
/// <see cref="Refusal"/> before any upstream call (<see cref="RefusalKind.NotFound"/> for an unknown provider,
/// <see cref="RefusalKind.Unsupported"/> for one without image models, <see cref="RefusalKind.InvalidRequest"/> for a
/// refused turn), or the <see cref="Failure"/> event that ended a turn (an <see cref="AuthEvent"/> or an
/// <see cref="ErrorEvent"/>: the upstream's, <c>ModelNotFoundError</c> for a model no provider draws with,
/// <c>MediaError</c> for an image that could not be stored, <c>ResponseError</c> for an answer without one).
/// </summary>
public sealed class ImageGenerationResult
{
    private ImageGenerationResult(IReadOnlyList<GeneratedImage> images, RequestRefusal? refusal, ResponseEvent? failure)
    {
        Images = images;
        Refusal = refusal;
        Failure = failure;
    }

    /// <summary>The images, in the order asked for; empty when refused or failed.</summary>
    public IReadOnlyList<GeneratedImage> Images { get; }

    /// <summary>Why the request was refused before any upstream call; null otherwise.</summary>
    public RequestRefusal? Refusal { get; }

    /// <summary>The <c>auth</c> or <c>error</c> event that ended a turn (the other turns are cancelled then); null otherwise.</summary>
    public ResponseEvent? Failure { get; }

    /// <summary>Whether <see cref="Images"/> holds the images asked for.</summary>
    public bool Succeeded => Refusal is null && Failure is null;

    internal static ImageGenerationResult Of(IReadOnlyList<GeneratedImage> images) => new(images, null, null);

    internal static ImageGenerationResult Refused(RequestRefusal refusal) => new([], refusal, null);

    internal static ImageGenerationResult Failed(ResponseEvent failure) => new([], null, failure);
}
