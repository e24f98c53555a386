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

    [Fact]
    public async Task NoRequestBody_IsAnEmptyObject()
    {
        using var document = await ReadDocumentAsync();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        foreach (var (name, operation) in Operations(document))
        {
            if (!operation.TryGetProperty("requestBody", out var body))
            {
                continue;
            }

            foreach (var content in body.GetProperty("content").EnumerateObject())
            {
                var schema = Resolve(content.Value.GetProperty("schema"), schemas);
                Assert.True(schema.TryGetProperty("properties", out var properties) && properties.EnumerateObject().Any(),
                    $"{name} takes {content.Name} described as {schema}");
            }
        }
    }

    [Fact]
    public async Task EveryJsonRequestBody_HasAnExample()
    {
        using var document = await ReadDocumentAsync();

        foreach (var (name, operation) in Operations(document))
        {
            if (operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json))
            {
                Assert.True(json.TryGetProperty("example", out var example) && example.ValueKind == JsonValueKind.Object, $"{name} shows no example body");
            }
        }
    }

    /// <summary>Handlers answer these as plain problem results, which the framework cannot see; the endpoints declare them.</summary>
    [Theory]
    [InlineData("post", "/api/auth/login", "401")]
    [InlineData("post", "/api/auth/refresh", "401")]
    [InlineData("post", "/api/auth/register", "409")]
    [InlineData("post", "/api/ops/staff", "409")]
    [InlineData("post", "/api/quotes", "422")]
    [InlineData("post", "/api/quotes", "503")]
    [InlineData("post", "/api/orders", "422")]
    [InlineData("post", "/api/orders", "503")]
    [InlineData("post", "/api/orders/{id}/cancel", "409")]
    [InlineData("post", "/api/orders/{id}/assignment", "422")]
    [InlineData("post", "/api/orders/{id}/check-in", "422")]
    [InlineData("post", "/api/orders/{id}/photo-report", "409")]
    [InlineData("post", "/api/offers/{id}/accept", "409")]
    [InlineData("post", "/api/quality-reviews/{orderId}/verdict", "409")]
    [InlineData("post", "/api/applications/{id}/attempts", "409")]
    [InlineData("post", "/api/applications/{id}/grades", "409")]
    [InlineData("post", "/api/warehouse/picks/{orderId}/issued", "409")]
    [InlineData("put", "/api/workers/me/availability", "404")]
    [InlineData("post", "/api/warehouse/contractor/deliveries", "409")]
    public async Task RefusalsOfTheHandlers_AreDeclared(string method, string path, string status)
    {
        using var document = await ReadDocumentAsync();
        var operations = document.RootElement.GetProperty("paths").EnumerateObject().Single(candidate => candidate.Name.TrimEnd('/') == path).Value;

        var answer = operations.GetProperty(method).GetProperty("responses").GetProperty(status);

        Assert.True(answer.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} describes its {status} as {answer}");
    }

    [Theory]
    [InlineData("post", "/api/test-sets")]
    [InlineData("put", "/api/test-sets/{code}/draft")]
    [InlineData("post", "/api/service-types")]
    [InlineData("put", "/api/service-types/{code}/draft")]
    public async Task DefinitionBodies_DescribeTheTree_WithAnExample(string method, string path)
    {
        using var document = await ReadDocumentAsync();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Single(candidate => candidate.Name.TrimEnd('/') == path).Value;
        var json = operations.GetProperty(method).GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        var body = Resolve(json.GetProperty("schema"), schemas);

        var tree = Resolve(body.GetProperty("properties").GetProperty("definition"), schemas).GetProperty("properties");
        var step = Resolve(tree.GetProperty("sequence").GetProperty("items"), schemas).GetProperty("properties");

        Assert.True(tree.TryGetProperty("properties", out _), $"the tree is described as {tree}");
        Assert.Equal(["id", "componentType", "type", "name", "properties", "branches"], step.EnumerateObject().Select(key => key.Name));
        Assert.NotEmpty(json.GetProperty("example").GetProperty("definition").GetProperty("sequence").EnumerateArray());
    }

    [Fact]
    public async Task Login_DescribesTheTokenItAnswers()
    {
        using var document = await ReadDocumentAsync();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var answer = document.RootElement.GetProperty("paths").GetProperty("/api/auth/login").GetProperty("post").GetProperty("responses").GetProperty("200");
        var token = Resolve(answer.GetProperty("content").GetProperty("application/json").GetProperty("schema"), schemas).GetProperty("properties");

        Assert.True(token.TryGetProperty("accessToken", out _), $"login answers {token}");
        Assert.True(token.TryGetProperty("refreshToken", out _), $"login answers {token}");
    }

    [Fact]
    public async Task PhotoReport_TakesPhotosAsMultipartFiles()
    {
        using var document = await ReadDocumentAsync();

        var body = document.RootElement.GetProperty("paths").GetProperty("/api/orders/{id}/photo-report").GetProperty("post").GetProperty("requestBody");
        var photos = body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("photos");

        Assert.Equal("array", photos.GetProperty("type").GetString());
        Assert.Equal("binary", photos.GetProperty("items").GetProperty("format").GetString());
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

    /// <summary>The schema a reference names; for an optional body (null or a schema), that schema.</summary>
    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("oneOf", out var alternatives))
        {
            schema = alternatives.EnumerateArray().Single(alternative => !(alternative.TryGetProperty("type", out var type) && type.GetString() == "null"));
        }

        return schema.TryGetProperty("$ref", out var reference)
            ? schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;
    }
}
