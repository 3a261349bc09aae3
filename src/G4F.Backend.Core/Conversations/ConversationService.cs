namespace G4F.Backend.Conversations;

internal sealed class ConversationService
{
}
