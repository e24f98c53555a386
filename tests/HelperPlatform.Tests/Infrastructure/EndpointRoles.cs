using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Infrastructure;

/// <summary>The API endpoints a host maps and the roles each one admits, read from its endpoint metadata.</summary>
public static class EndpointRoles
{
    public static IEnumerable<RouteEndpoint> ApiEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal));

    /// <summary>The route as the OpenAPI document writes it: parameters without their constraints.</summary>
    public static string OpenApiPath(RoutePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            _ => string.Empty,
        }))));
    }

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
