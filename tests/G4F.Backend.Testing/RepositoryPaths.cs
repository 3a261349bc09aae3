namespace G4F.Backend.Testing;

/// <summary>Where the repository is, found from the running test or bench assembly (its build output lies inside it).</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding <c>G4F.Backend.sln</c>, above <see cref="AppContext.BaseDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">The assembly runs outside the repository.</exception>
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "G4F.Backend.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("This runs outside the repository: G4F.Backend.sln was not found above " + AppContext.BaseDirectory);
    }
}
