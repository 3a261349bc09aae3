using G4F.Backend.Events;
using G4F.Backend.Telemetry;

namespace G4F.Backend.Conversations;

/// <summary>
/// The turn's telemetry for the length of its stream: started when the stream starts, ended when it ends, however it
/// ends (a client that stops reading ends it as canceled). Does nothing when nothing listens.
/// </summary>
internal readonly struct ObservedTurn : IDisposable
{
    private readonly TurnContext _turn;

    private ObservedTurn(TurnContext turn) => _turn = turn;

    public static ObservedTurn Start(BackendTelemetry telemetry, TurnContext turn)
    {
        turn.Telemetry = telemetry.StartTurn(turn.Request.Model, turn.Route?.Name ?? Routing.RoutePlan.AutomaticName);
        return new ObservedTurn(turn);
    }

    public void Dispose() =>
        _turn?.Telemetry?.End(_turn.AnsweringProvider?.Name, _turn.Model, _turn.Failure switch
        {
            ErrorEvent error => error.Error,
            AuthEvent auth => auth.Auth,
            _ => null,
        });
}
