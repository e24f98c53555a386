using System.Net;
using System.Text.Json;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Tests.Platform;

public sealed class HealthAndApiReferenceTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Live_Always_Answers200()
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_WithPostgresAndTemporalUp_ReportsBothHealthy()
    {
        await fixture.Host.WaitUntilReadyAsync();
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = report.RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", checks.GetProperty("postgresql").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("temporal").GetProperty("status").GetString());
        Assert.Contains("7 context workers poll", checks.GetProperty("temporal").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheApi()
    {
        using var client = fixture.Host.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();

        Assert.Contains("/api/auth/login", paths);
        Assert.Contains("/api/ops/runtime", paths);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryEnumByTheWordsItsBodiesUse()
    {
        using var client = fixture.Host.CreateClient();
        var json = fixture.Host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var enums = AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => assembly.GetName().Name!.StartsWith("HelperPlatform.", StringComparison.Ordinal))
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.IsEnum)
            .ToDictionary(type => type.Name);

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(schema => enums.ContainsKey(schema.Name))
            .ToList();

        Assert.Contains(schemas, schema => schema.Name == "QualityReviewStatus");
        foreach (var schema in schemas)
        {
            var words = Enum.GetValues(enums[schema.Name]).Cast<object>().Select(value => JsonSerializer.Serialize(value, enums[schema.Name], json).Trim('"'));
            Assert.True(schema.Value.TryGetProperty("enum", out var listed), $"{schema.Name} is described as {schema.Value}");
            Assert.Equal(words, listed.EnumerateArray().Select(word => word.GetString()));
        }
    }

    [Fact]
    public async Task ApiReference_ServesItsPageAndScriptLocally()
    {
        using var client = fixture.Host.CreateClient();

        var page = await client.GetStringAsync("/scalar/");
        using var script = await client.GetAsync("/scalar/scalar.js");

        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
