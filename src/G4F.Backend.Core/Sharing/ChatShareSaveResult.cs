namespace G4F.Backend.Sharing;

/// <summary>What <see cref="IChatShareStore.SaveAsync"/> did with a chat.</summary>
public enum ChatShareSaveResult
{
    /// <summary>There was no chat under the id; it is stored now, whatever its version.</summary>
    Created,

    /// <summary>The chat was newer than the stored one and replaced it.</summary>
    Replaced,

    /// <summary>The stored chat has the same version; nothing was written.</summary>
    Unchanged,

    /// <summary>The stored chat is newer (a later writer won the race); nothing was written.</summary>
    Outdated,

    /// <summary>The id belongs to a user and the caller is anonymous; nothing was written.</summary>
    Unauthenticated,

    /// <summary>The id belongs to another user (or to nobody who can prove it); nothing was written.</summary>
    Forbidden,
}
