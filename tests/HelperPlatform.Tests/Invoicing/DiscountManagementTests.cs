using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Managers create, list, read and deactivate promotion codes and client discounts; ops read them; every change is journalled.</summary>
public sealed class DiscountManagementTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private DiscountApi Api => new(fixture.Host);

    [Fact]
    public async Task CreatePromotionCode_StoresItUpperCase_AndRefusesTheSameCodeInAnyCase()
    {
        var code = DiscountApi.UniqueCode();
        var created = await Api.CreateCodeAsync(new JsonObject
        {
            ["code"] = code, ["amount"] = 5.50m, ["currency"] = "EUR", ["totalUsageLimit"] = 10, ["perClientUsageLimit"] = 2,
            ["validFrom"] = "2026-01-01T00:00:00+01:00", ["serviceTypes"] = new JsonArray("office-cookies"),
        });
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        using var again = await manager.PostAsJsonAsync("/api/promotion-codes", new { code = code.ToUpperInvariant(), percent = 5 });

        Assert.Equal((code.ToUpperInvariant(), 5.50m, "EUR", 10, 2, 0, 0, true), (created.Code, created.Amount, created.Currency, created.TotalUsageLimit, created.PerClientUsageLimit, created.Used, created.Reserved, created.Active));
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero), created.ValidFrom);
        Assert.Equal(["office-cookies"], created.ServiceTypes);
        Assert.Contains("exists already", await DiscountApi.ProblemAboutAsync(again, HttpStatusCode.Conflict, "code"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code":"x","percent":10}""", "code")]
    [InlineData("""{"code":"bad code!","percent":10}""", "code")]
    [InlineData("""{"code":"OKCODE"}""", "percent")]
    [InlineData("""{"code":"OKCODE","percent":10,"amount":5,"currency":"EUR"}""", "amount")]
    [InlineData("""{"code":"OKCODE","percent":0}""", "percent")]
    [InlineData("""{"code":"OKCODE","percent":100.5}""", "percent")]
    [InlineData("""{"code":"OKCODE","percent":10.125}""", "percent")]
    [InlineData("""{"code":"OKCODE","amount":5}""", "currency")]
    [InlineData("""{"code":"OKCODE","amount":5,"currency":"XYZ"}""", "currency")]
    [InlineData("""{"code":"OKCODE","amount":5.005,"currency":"EUR"}""", "amount")]
    [InlineData("""{"code":"OKCODE","amount":-5,"currency":"EUR"}""", "amount")]
    [InlineData("""{"code":"OKCODE","percent":10,"validFrom":"2027-01-01T00:00:00Z","validUntil":"2026-12-01T00:00:00Z"}""", "validUntil")]
    [InlineData("""{"code":"OKCODE","percent":10,"validFrom":"2027-01-01T00:00:00"}""", "validFrom")]
    [InlineData("""{"code":"OKCODE","percent":10,"totalUsageLimit":0}""", "totalUsageLimit")]
    [InlineData("""{"code":"OKCODE","percent":10,"perClientUsageLimit":-1}""", "perClientUsageLimit")]
    [InlineData("""{"code":"OKCODE","percent":10,"totalUsageLimit":2,"perClientUsageLimit":3}""", "perClientUsageLimit")]
    [InlineData("""{"code":"OKCODE","percent":10,"serviceTypes":["Office Cookies"]}""", "serviceTypes[0]")]
    [InlineData("""{"code":"OKCODE","percent":10,"serviceTypes":["office-cookies","office-cookies"]}""", "serviceTypes[1]")]
    [InlineData("""{"code":"OKCODE","percent":10,"description":"%DESCRIPTION%"}""", "description")]
    public async Task CreatePromotionCode_WithABrokenRule_Is400NamingTheField_AndStoresNothing(string json, string field)
    {
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        using var body = new StringContent(json.Replace("%DESCRIPTION%", new string('d', 201), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        using var response = await manager.PostAsync("/api/promotion-codes", body);

        await DiscountApi.ProblemAboutAsync(response, HttpStatusCode.BadRequest, field);
        Assert.False(await WithInvoicingAsync(db => db.PromotionCodes.AnyAsync(code => code.Code == "OKCODE")));
    }

    [Fact]
    public async Task ListGetAndDeactivate_ShowTheCode_OpsMayReadButNotChange_AndEachChangeIsJournalledOnce()
    {
        var code = DiscountApi.UniqueCode();
        await Api.CreateCodeAsync(new JsonObject { ["code"] = code, ["percent"] = 12.5m, ["description"] = "Winter" });
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);
        using var ops = await fixture.Host.CreateClientAsync(PlatformRoles.Ops);
        using var client = await fixture.Host.CreateClientAsync(PlatformRoles.Client);

        var listed = (await ops.GetFromJsonAsync<List<PromotionCodeResponse>>("/api/promotion-codes?active=true"))!;
        using var opsDeactivates = await ops.PostAsync($"/api/promotion-codes/{code}/deactivate", null);
        using var clientReads = await client.GetAsync($"/api/promotion-codes/{code}");
        using var deactivated = await manager.PostAsync($"/api/promotion-codes/{code}/deactivate", null);
        using var deactivatedAgain = await manager.PostAsync($"/api/promotion-codes/{code.ToUpperInvariant()}/deactivate", null);
        var read = (await ops.GetFromJsonAsync<PromotionCodeResponse>($"/api/promotion-codes/{code}"))!;
        using var missing = await ops.GetAsync("/api/promotion-codes/NO-SUCH-CODE");

        var stored = code.ToUpperInvariant();
        Assert.Contains(listed, listedCode => listedCode.Code == stored && listedCode.Percent == 12.5m && listedCode.Description == "Winter");
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (opsDeactivates.StatusCode, clientReads.StatusCode));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (deactivated.StatusCode, deactivatedAgain.StatusCode));
        Assert.False(read.Active);
        Assert.NotNull(read.DeactivatedAt);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(
            [InvoicingEvents.PromotionCodeCreated, InvoicingEvents.PromotionCodeDeactivated],
            await JournalAsync(InvoicingEvents.PromotionCodeStream(code.ToUpperInvariant())));
    }

    [Fact]
    public async Task ClientDiscounts_AreForClientAccountsOnly_AndAreListedByClient()
    {
        var flow = new OrderFlow(fixture.Host);
        using var client = await flow.SignInAsync(PlatformRoles.Client);
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        using var manager = await fixture.Host.CreateClientAsync(PlatformRoles.Manager);

        var granted = await Api.GrantAsync(client.Id, new JsonObject { ["amount"] = 3, ["currency"] = "EUR", ["validUntil"] = "2027-06-30T00:00:00Z" });
        using var toAWorker = await manager.PostAsJsonAsync("/api/client-discounts", new { clientId = worker.Id, percent = 5 });
        using var toNobody = await manager.PostAsJsonAsync("/api/client-discounts", new { clientId = "not-an-id", percent = 5 });
        var listed = (await manager.GetFromJsonAsync<List<ClientDiscountResponse>>($"/api/client-discounts?clientId={client.Id}"))!;
        using var ended = await manager.PostAsync($"/api/client-discounts/{granted.Id}/deactivate", null);
        var read = (await manager.GetFromJsonAsync<ClientDiscountResponse>($"/api/client-discounts/{granted.Id}"))!;
        using var missing = await manager.GetAsync($"/api/client-discounts/{Guid.NewGuid()}");

        await DiscountApi.ProblemAboutAsync(toAWorker, HttpStatusCode.BadRequest, "clientId");
        await DiscountApi.ProblemAboutAsync(toNobody, HttpStatusCode.BadRequest, "clientId");
        Assert.Equal(granted.Id, Assert.Single(listed).Id);
        Assert.Equal((HttpStatusCode.OK, false), (ended.StatusCode, read.Active));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(
            [InvoicingEvents.ClientDiscountCreated, InvoicingEvents.ClientDiscountDeactivated],
            await JournalAsync(InvoicingEvents.ClientDiscountStream(granted.Id)));
    }

    private Task<List<string>> JournalAsync(string streamId) =>
        WithInvoicingAsync(db => db.Events.Where(recorded => recorded.StreamId == streamId).OrderBy(recorded => recorded.OccurredAt).Select(recorded => recorded.Type).ToListAsync());

    private async Task<T> WithInvoicingAsync<T>(Func<InvoicingDbContext, Task<T>> read)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<InvoicingDbContext>());
    }
}
