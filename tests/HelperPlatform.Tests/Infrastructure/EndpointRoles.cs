using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Infrastructure;

/// <summary>The API endpoints a host maps and the roles each one admits, read from its endpoint metadata.</summary>
public static class EndpointRoles
{
    public static IEnumerable<RouteEndpoint> ApiEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal));

    public static bool IsAnonymous(RouteEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
    }

    /// <returns>The roles the endpoint's policy names, or null when it names none.</returns>
    public static async Task<string[]?> AllowedRolesAsync(IServiceProvider services, RouteEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var policy = await AuthorizationPolicy.CombineAsync(
            services.GetRequiredService<IAuthorizationPolicyProvider>(),
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        return policy?.Requirements.OfType<RolesAuthorizationRequirement>().SingleOrDefault()?.AllowedRoles.ToArray();
    }
}
