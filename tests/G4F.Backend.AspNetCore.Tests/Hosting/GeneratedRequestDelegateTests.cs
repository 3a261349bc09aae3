using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The backend's routes are bound by code generated at build time (RequestDelegateGenerator), not by RequestDelegateFactory
/// at run time, which compiles an expression tree per route and jits it in every host (README, "The sample": peak memory).
/// </summary>
public sealed class GeneratedRequestDelegateTests
{
    [Fact]
    public async Task Every_backend_route_runs_a_request_delegate_compiled_into_the_package()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        _ = factory.CreateClient();
        var package = typeof(G4FBackendEndpointRouteBuilderExtensions).Assembly;

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } text && (text.StartsWith("/backend-api/", StringComparison.Ordinal) || text.StartsWith("/v1/", StringComparison.Ordinal)))
            .ToList();

        routes.Should().HaveCountGreaterThan(30);
        routes.Should().OnlyContain(
            e => e.RequestDelegate != null && e.RequestDelegate.Method.DeclaringType != null && e.RequestDelegate.Method.DeclaringType.Assembly == package,
            "a route bound by RequestDelegateFactory runs a delegate of ASP.NET Core's assembly or a dynamic method");
    }
}
