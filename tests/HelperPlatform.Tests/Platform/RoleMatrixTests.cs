using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// For every endpoint the host maps: it states who may call it; a protected one answers 401 without a token
/// and 403 to every role it does not name.
/// </summary>
public sealed class RoleMatrixTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task EveryEndpoint_DeclaresAnonymousOrRoles()
    {
        var undeclared = new List<string>();
        foreach (var endpoint in ApiEndpoints())
        {
            if (!EndpointRoles.IsAnonymous(endpoint) && (await AllowedRolesAsync(endpoint)) is null)
            {
                undeclared.Add(endpoint.DisplayName ?? endpoint.RoutePattern.RawText!);
            }
        }

        Assert.Empty(undeclared);
    }

    [Fact]
    public async Task ProtectedEndpoints_WithoutToken_Answer401WithProblemDetails()
    {
        using var anonymous = fixture.Host.CreateClient();
        var protectedEndpoints = await ProtectedEndpointsAsync();
        Assert.NotEmpty(protectedEndpoints);
        foreach (var (endpoint, allowed) in protectedEndpoints)
        {
            using var response = await anonymous.SendAsync(RequestFor(endpoint));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint.DisplayName} answered {response.StatusCode} without a token");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(allowed, await RequiredRolesAsync(response));
        }
    }

    [Fact]
    public async Task ProtectedEndpoints_WithEveryUnnamedRole_Answer403()
    {
        var protectedEndpoints = await ProtectedEndpointsAsync();
        foreach (var role in PlatformRoles.All)
        {
            using var client = await fixture.Host.CreateClientAsync(role);
            foreach (var (endpoint, allowed) in protectedEndpoints.Where(pair => !pair.Roles.Contains(role)))
            {
                using var response = await client.SendAsync(RequestFor(endpoint));
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{endpoint.DisplayName} answered {response.StatusCode} to {role} (allowed: {string.Join(",", allowed)})");
                Assert.Equal(allowed, await RequiredRolesAsync(response));
            }
        }
    }

    [Fact]
    public async Task ProtectedEndpoints_WithANamedRole_AreNotRefused()
    {
        foreach (var (endpoint, allowed) in await ProtectedEndpointsAsync())
        {
            using var client = await fixture.Host.CreateClientAsync(allowed[0]);
            using var response = await client.SendAsync(RequestFor(endpoint));
            Assert.True(
                response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                $"{endpoint.DisplayName} refused its own role {allowed[0]} with {response.StatusCode}");
        }
    }

    /// <summary>The roles a 401 or 403 ProblemDetails says the endpoint needs.</summary>
    private static async Task<string?[]> RequiredRolesAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requiredRoles").EnumerateArray().Select(role => role.GetString())];

    private IEnumerable<RouteEndpoint> ApiEndpoints() => EndpointRoles.ApiEndpoints(fixture.Host.Services);

    private async Task<List<(RouteEndpoint Endpoint, string[] Roles)>> ProtectedEndpointsAsync()
    {
        var result = new List<(RouteEndpoint, string[])>();
        foreach (var endpoint in ApiEndpoints().Where(endpoint => !EndpointRoles.IsAnonymous(endpoint)))
        {
            result.Add((endpoint, await AllowedRolesAsync(endpoint) ?? throw new InvalidOperationException($"{endpoint.DisplayName} names no roles")));
        }

        return result;
    }

    private Task<string[]?> AllowedRolesAsync(RouteEndpoint endpoint) => EndpointRoles.AllowedRolesAsync(fixture.Host.Services, endpoint);

    /// <summary>A request to the endpoint with placeholder route values; authorization runs before binding.</summary>
    private static HttpRequestMessage RequestFor(RouteEndpoint endpoint)
    {
        var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods[0] ?? "GET";
        var path = string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => Guid.NewGuid().ToString(),
            _ => string.Empty,
        }))));
        return new HttpRequestMessage(new HttpMethod(method), "/" + path)
        {
            Content = method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
    }
}
