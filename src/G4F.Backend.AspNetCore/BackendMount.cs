using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore;

/// <summary>
/// What every mapping step of the backend does before it maps its routes (<c>MapG4FBackend</c>, <c>MapG4FOpenAI</c>):
/// the same checks, so a front door mounted alone is as safe as the backend, and one route group with the backend's
/// error filter and CORS policy.
/// </summary>
internal static class BackendMount
{
    /// <summary>The route group of a mapping step under <paramref name="prefix"/>, every route knowing its <see cref="MountMetadata"/>.</summary>
    public static RouteGroupBuilder Group(IEndpointRouteBuilder endpoints, string? prefix, string step)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;

        // Asked, not resolved: building the service builds the options it takes, and the first bad section would throw
        // there alone, before the check below names every bad key of every section.
        var registered = services.GetService<IServiceProviderIsService>();
        if (registered is not null && !registered.IsService(typeof(ConversationService)))
        {
            throw new InvalidOperationException($"Call services.AddG4FBackend(...) before {step}().");
        }

        // Every options section is checked here, where the backend is mounted, as well as when the host starts: a bad
        // value stops the application at this line with the keys named, before anything listens.
        ValidateOptions(services);
        if (registered is null && services.GetService<ConversationService>() is null)
        {
            // A container that cannot say what it holds: the service itself is the test, now the options are known good.
            throw new InvalidOperationException($"Call services.AddG4FBackend(...) before {step}().");
        }

        if (services.GetService<AdministratorRule>() is not null)
        {
            switch (services.GetService<ICallerIdentityProvider>())
            {
                case null:
                    // Administrators of what? Without an identity every route is open, which the host surely did not mean.
                    throw new InvalidOperationException("UseAdministrators(...) needs UseCallerIdentity(...).");
                case not DelegateCallerIdentityProvider:
                    // The rule would be silently ignored: a host's provider names administrators itself.
                    throw new InvalidOperationException(
                        "UseAdministrators(...) applies only to UseCallerIdentity(...); a registered ICallerIdentityProvider says who administers through CallerIdentity.IsAdministrator.");
            }
        }

        var group = endpoints.MapGroup(prefix ?? string.Empty);

        // Where the group is mounted, outer groups included, is known to the group's endpoint sources only: the first
        // source records it for every route (MountPath), before the routes mapped after it are built.
        var mount = new MountMetadata();
        ((IEndpointRouteBuilder)group).DataSources.Add(new MountPrefixSource(mount));
        group.WithMetadata(mount);
        // One instance made here: AddEndpointFilter<T>() builds its factory with ActivatorUtilities.CreateFactory, which
        // compiles an expression tree and so loads System.Linq.Expressions (2.5 MiB mapped) into every host at start.
        group.AddEndpointFilter(new UnhandledExceptionFilter(services.GetRequiredService<ILogger<UnhandledExceptionFilter>>()));
        if (services.GetService<IOptions<CorsOptions>>()?.Value.GetPolicy(G4FBackendCors.PolicyName) is not null)
        {
            group.RequireCors(G4FBackendCors.PolicyName);
        }

        return group;
    }

    // IStartupValidator throws one OptionsValidationException per failing section, wrapped in an AggregateException when
    // there are several; the mapping step promises one OptionsValidationException naming every failing key.
    private static void ValidateOptions(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException ex) when (ex.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(e => e is OptionsValidationException))
        {
            throw new OptionsValidationException(
                Options.DefaultName, typeof(G4FBackendOptions), inner.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }
    }
}
