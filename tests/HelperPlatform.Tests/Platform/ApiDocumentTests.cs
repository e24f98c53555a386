using System.Text.Json;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace HelperPlatform.Tests.Platform;

/// <summary>The OpenAPI document as a client generator reads it, served through the real pipeline.</summary>
public sealed class ApiDocumentTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Document_DeclaresTheBearerScheme()
    {
        using var document = await ReadDocumentAsync();

        var bearer = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");

        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task EveryOperationThatNeedsAToken_SaysSo_AndDescribesItsRefusals()
    {
        using var document = await ReadDocumentAsync();
        var endpoints = EndpointRoles.ApiEndpoints(fixture.Host.Services).ToList();

        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var operation = Operation(document, endpoint);
            var name = $"{Method(endpoint)} {EndpointRoles.OpenApiPath(endpoint.RoutePattern)}";
            var responses = operation.GetProperty("responses");
            if (EndpointRoles.IsAnonymous(endpoint))
            {
                Assert.False(operation.TryGetProperty("security", out _), $"{name} is open to anyone but asks for a token");
                continue;
            }

            var schemes = operation.GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.EnumerateObject()).Select(scheme => scheme.Name);
            Assert.Contains("Bearer", schemes);
            Assert.True(responses.TryGetProperty("401", out _), $"{name} lists no 401");
            Assert.True(responses.TryGetProperty("403", out _), $"{name} lists no 403");
        }
    }

    [Fact]
    public async Task EveryOperationWithInput_DescribesItsValidationProblem()
    {
        using var document = await ReadDocumentAsync();

        foreach (var (name, operation) in Operations(document))
        {
            if (operation.TryGetProperty("parameters", out _) || operation.TryGetProperty("requestBody", out _))
            {
                var problem = operation.GetProperty("responses").GetProperty("400").GetProperty("content");
                Assert.True(problem.TryGetProperty("application/problem+json", out _), $"{name} describes its 400 as {problem}");
            }
        }
    }

    private async Task<JsonDocument> ReadDocumentAsync()
    {
        using var client = fixture.Host.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)));

    private static JsonElement Operation(JsonDocument document, RouteEndpoint endpoint)
    {
        var path = EndpointRoles.OpenApiPath(endpoint.RoutePattern).TrimEnd('/');
        var operations = document.RootElement.GetProperty("paths").EnumerateObject().Single(candidate => candidate.Name.TrimEnd('/') == path).Value;
        return operations.GetProperty(Method(endpoint).ToLowerInvariant());
    }

    private static string Method(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0];
}
