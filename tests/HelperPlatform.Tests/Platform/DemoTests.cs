using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Management;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Activities.Warehouse;
using HelperPlatform.Host.Demo;
using HelperPlatform.Host.Identity;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Onboarding;
using HelperPlatform.Tests.Ordering;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Platform;

/// <summary><c>--demo</c>: a platform to walk through, seeded once however often it starts.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("helperplatform-demo-").FullName;

    [Fact]
    public async Task Demo_SeedsAWalkablePlatform_AndSeedingAgainAddsNothing()
    {
        var passwords = Path.Combine(directory, "development-passwords.json");
        await using var host = await PlatformHost.StartAsync("Demo=true", $"DevelopmentPasswordsFile={passwords}");
        await host.WaitUntilReadyAsync();
        var seeded = await CountsAsync(host);

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        Assert.Equal(seeded, await CountsAsync(host));
        Assert.Equal(new Counts(TestSetVersions: 1, ServiceTypeVersions: 1, OnHand: 40, PoolRows: 1, DemoAccounts: 2), seeded);

        var file = new DevelopmentPasswordFile(passwords);
        using var client = await SignedInAsync(host, DemoSeeder.ClientEmail, await file.PasswordForAsync(DemoSeeder.ClientEmail, CancellationToken.None));
        using var worker = await SignedInAsync(host, DemoSeeder.WorkerEmail, await file.PasswordForAsync(DemoSeeder.WorkerEmail, CancellationToken.None));
        var quote = await OrderFlow.QuoteAsync(client, DemoSeeder.ServiceTypeCode);
        var order = await OrderFlow.PlaceAsync(client, quote.Id);
        var me = await worker.GetFromJsonAsync<JsonElement>("/api/workers/me");
        var api = await OnboardingApi.CreateAsync(host);
        using var applied = await api.ApplyAsync(OnboardingApi.UniqueEmail(), "cookie-delivery");

        Assert.Equal((45.00m, 1), (quote.BasePrice, quote.ServiceTypeVersion));
        Assert.NotEqual(Guid.Empty, order.Id);
        Assert.Equal((true, "Berlin", "cookie-delivery"), (me.GetProperty("active").GetBoolean(), me.GetProperty("city").GetString(), me.GetProperty("skills")[0].GetString()));
        Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        Assert.Contains(DemoSeeder.WorkerEmail, host.Services.GetRequiredService<SignInSheet>().Render(["http://demo"]), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static async Task<HttpClient> SignedInAsync(PlatformHost host, string email, string password)
    {
        var client = host.CreateClient();
        var token = await PlatformHost.SignInAsync(client, email, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    private static async Task<Counts> CountsAsync(PlatformHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var management = scope.ServiceProvider.GetRequiredService<ManagementDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
        var worker = await users.FindByEmailAsync(DemoSeeder.WorkerEmail);
        return new Counts(
            await management.DefinitionVersions.CountAsync(version => version.Code == DemoSeeder.TestSetCode),
            await management.DefinitionVersions.CountAsync(version => version.Code == DemoSeeder.ServiceTypeCode),
            await scope.ServiceProvider.GetRequiredService<WarehouseDbContext>().Stock.Where(item => item.Sku == "COOKIE-BOX-12").Select(item => item.OnHand).SingleAsync(),
            await scope.ServiceProvider.GetRequiredService<OnboardingDbContext>().WorkerPool.CountAsync(member => member.AccountId == worker!.Id),
            await users.Users.CountAsync(user => user.Email == DemoSeeder.WorkerEmail || user.Email == DemoSeeder.ClientEmail));
    }

    private sealed record Counts(int TestSetVersions, int ServiceTypeVersions, int OnHand, int PoolRows, int DemoAccounts);
}
