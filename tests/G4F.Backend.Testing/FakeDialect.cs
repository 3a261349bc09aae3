namespace G4F.Backend.Testing;

/// <summary>The wire dialect of a route of <see cref="FakeUpstream"/>.</summary>
internal enum FakeDialect
{
    /// <summary>OpenAI chat completions (SSE).</summary>
    OpenAI,

    /// <summary>Ollama (NDJSON).</summary>
    Ollama,
}
