using G4F.Backend.AspNetCore.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the backend's per-user data belong to the users the host authenticates.</summary>
public static class G4FBackendIdentityBuilderExtensions
{
    /// <summary>
    /// Names the caller of each request, e.g. <c>http =&gt; http.User.FindFirstValue(ClaimTypes.NameIdentifier)</c>.
    /// From then on memory routes answer only for the caller's own user id (403 otherwise), usage lines record the
    /// caller (not <c>x-user</c> or a body's <c>user</c>), <c>/usage/{date}</c> and <c>/stats</c> show only the
    /// caller's lines unless <see cref="UseAdministrators"/> says otherwise, and only the creator of a bucket or share
    /// may upload into it, post a new version or delete it. A null or blank id (and <c>unknown</c>, the usage log's
    /// name for lines without a user) is an anonymous caller: 401 on those routes; reading a bucket or a share by
    /// its id, conversations and the other routes stay open. Registered with <c>TryAdd</c>: an
    /// <see cref="ICallerIdentityProvider"/> the host registered first wins.
    /// </summary>
    /// <param name="builder">The backend builder.</param>
    /// <param name="userId">Returns the caller's user id, or null for an anonymous caller. Runs after the host's authentication.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseCallerIdentity(this IG4FBackendBuilder builder, Func<HttpContext, string?> userId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(userId);
        builder.Services.TryAddSingleton<ICallerIdentityProvider>(sp => new DelegateCallerIdentityProvider(userId, sp.GetService<AdministratorRule>()));
        return builder;
    }

    /// <summary>
    /// Says which identified callers administer the server, e.g. <c>http =&gt; http.User.IsInRole("admin")</c>: they
    /// see every user's lines in <c>/usage/{date}</c> and <c>/stats</c> (where <c>user</c> filters again), and may
    /// change or delete buckets and shares created before identity was configured (which have no owner), recreate a
    /// deleted bucket's id, and read buckets with their side effects (downloads, list clean-up). Asked only about
    /// callers <see cref="UseCallerIdentity"/> identified; needs that step. Registered with <c>TryAdd</c>.
    /// </summary>
    /// <remarks>
    /// A host that registers its own <see cref="ICallerIdentityProvider"/> names administrators in the
    /// <c>CallerIdentity</c> it returns; combined with this step, <c>MapG4FBackend</c> throws rather than ignore the rule.
    /// </remarks>
    /// <param name="builder">The backend builder.</param>
    /// <param name="isAdministrator">Whether the (identified) caller of a request is an administrator.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseAdministrators(this IG4FBackendBuilder builder, Func<HttpContext, bool> isAdministrator)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(isAdministrator);
        builder.Services.TryAddSingleton(new AdministratorRule(isAdministrator));
        return builder;
    }
}
