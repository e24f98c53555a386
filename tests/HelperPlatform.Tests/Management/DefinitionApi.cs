using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Management;
using HelperPlatform.Host.Management;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Management;

/// <summary>The endpoints of one definition kind as a manager calls them, plus a look at what the database holds.</summary>
internal sealed class DefinitionApi(PlatformHost host, HttpClient manager, string kind, string prefix)
{
    public HttpClient Client => manager;

    public static DefinitionApi TestSets(PlatformHost host, HttpClient manager) => new(host, manager, "test-set", "/api/test-sets");

    public static DefinitionApi ServiceTypes(PlatformHost host, HttpClient manager) => new(host, manager, "service-type", "/api/service-types");

    public async Task<DraftResponse> CreateAsync(string code, JsonObject tree, string name = "Cookie delivery")
    {
        using var response = await manager.PostAsJsonAsync(prefix, new { code, name, definition = tree });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DraftResponse>())!;
    }

    public Task<HttpResponseMessage> UpdateAsync(string code, int revision, JsonNode tree, string name = "Cookie delivery") =>
        manager.PutAsJsonAsync($"{prefix}/{code}/draft", new { revision, name, definition = tree });

    public Task<HttpResponseMessage> PublishAsync(string code, int revision) =>
        manager.PostAsJsonAsync($"{prefix}/{code}/publish", new { revision });

    public async Task<VersionResponse> PublishedAsync(string code, int revision)
    {
        using var response = await PublishAsync(code, revision);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<VersionResponse>())!;
    }

    public async Task<DraftResponse> DraftAsync(string code) =>
        (await manager.GetFromJsonAsync<DraftResponse>($"{prefix}/{code}/draft"))!;

    public async Task<int> StoredVersionCountAsync(string code)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ManagementDbContext>().DefinitionVersions.CountAsync(version => version.Kind == kind && version.Code == code);
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
