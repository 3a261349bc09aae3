namespace G4F.Backend.Requests;

/// <summary>A feature service's refusal of one request: why, and a message safe to show the client (never a path or a secret).</summary>
/// <param name="Kind">Why the request was refused.</param>
/// <param name="Message">The client-safe text (the protocol's <c>error.message</c>).</param>
public sealed record RequestRefusal(RefusalKind Kind, string Message)
{
    /// <summary>The request field the refusal is about, when one is (OpenAI's <c>error.param</c>); null otherwise.</summary>
    public string? Field { get; init; }

    internal static RequestRefusal Invalid(string message) => new(RefusalKind.InvalidRequest, message);

    internal static RequestRefusal Invalid(string message, string? field) => new(RefusalKind.InvalidRequest, message) { Field = field };

    internal static RequestRefusal NotFound(string message) => new(RefusalKind.NotFound, message);

    internal static RequestRefusal TooLarge(string message) => new(RefusalKind.TooLarge, message);

    internal static RequestRefusal Unsupported(string message) => new(RefusalKind.Unsupported, message);

    internal static RequestRefusal Failed(string message) => new(RefusalKind.Failed, message);
}
