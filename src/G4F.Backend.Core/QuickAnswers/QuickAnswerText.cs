using System.Text;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.QuickAnswers;

/// <summary>How the events of a turn read as the plain text of <c>GET /create</c> (PROTOCOL 4), as the original's string forms.</summary>
internal static class QuickAnswerText
{
    /// <summary>
    /// The first part of the answer worth answering with: text, media or audio. Provider, parameters and other hidden
    /// events and leading reasoning are skipped.
    /// </summary>
    public static bool IsFirstContent(ResponseEvent responseEvent) =>
        responseEvent is ContentEvent content && (content.Content.Length > 0 || content.Urls is { Count: > 0 } || content.Data is not null);

    /// <summary>
    /// The text an event adds once the answer started: content, reasoning (thinking markers, tokens, status lines) and a
    /// finish reason other than <c>stop</c> as <c>[length]</c>; everything else adds nothing.
    /// </summary>
    public static string Of(ResponseEvent responseEvent) => responseEvent switch
    {
        ContentEvent content => content.Content,
        ReasoningEvent { IsThinking: { } marker } => marker,
        ReasoningEvent { Token: { } token } => token,
        ReasoningEvent { Status: { } status, Label: { } label } => $"{label}: {status}\n",
        ReasoningEvent { Status: { } status } => status + "\n",
        FinishEvent { Finish.Reason: var reason } when reason != "stop" => $"[{reason}]",
        _ => string.Empty,
    };

    /// <summary>
    /// <see cref="Of"/> as UTF-8: a content event's text without a string made of it (the same bytes the string's
    /// encoding gives), empty when the event adds nothing.
    /// </summary>
    public static ReadOnlyMemory<byte> Utf8Of(ResponseEvent responseEvent) => responseEvent switch
    {
        ContentEvent content => content.Utf8,
        _ => Of(responseEvent) is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text) : ReadOnlyMemory<byte>.Empty,
    };

    /// <summary>The failure an error or auth event stands for, or null for any other event.</summary>
    public static QuickAnswerException? FailureOf(ResponseEvent responseEvent) => responseEvent switch
    {
        AuthEvent auth => new QuickAnswerException(FailureKind.Unauthorized, auth.Message),
        ErrorEvent error => new QuickAnswerException(FailureClassification.Of(error) ?? FailureKind.Failed, error.Message),
        _ => null,
    };
}
