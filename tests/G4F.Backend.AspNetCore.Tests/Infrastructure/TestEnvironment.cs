using System.Runtime.CompilerServices;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>Settings every host of this test run shares, in-process or started as a child process.</summary>
internal static class TestEnvironment
{
    /// <summary>
    /// Hosts built in this run never see their configuration files change; watching them costs an inotify instance per
    /// host (128 per user by default on Linux), and a run that keeps many hosts alive at once ran out of them.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
