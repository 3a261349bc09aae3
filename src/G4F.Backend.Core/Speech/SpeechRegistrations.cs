using G4F.Backend.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Speech;

/// <summary>Text to speech: the configured providers' synthesizers and the host's.</summary>
internal static class SpeechRegistrations
{
    public static IServiceCollection AddSpeech(this IServiceCollection services)
    {
        services.TryAddSingleton<SpeechSynthesizers>();
        services.TryAddSingleton(sp => new SpeechService(sp.GetRequiredService<SpeechSynthesizers>(), sp.GetRequiredService<IOptions<RoutingOptions>>()));
        return services;
    }
}
