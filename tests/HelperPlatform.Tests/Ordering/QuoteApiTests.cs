using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Ordering;
using HelperPlatform.Host.Ordering;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Management;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace HelperPlatform.Tests.Ordering;

/// <summary>
/// POST /api/quotes through the real API, Ordering's service type catalogue and Management's worker: the stored
/// price is what the rules say, the quote keeps its service type version and expires, and Management is asked
/// only when the catalogue has no answer.
/// The rules case by case are in <see cref="PriceCalculatorTests"/>.
/// </summary>
public sealed class QuoteApiTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public async Task Create_OnAWeekday_StoresTheBasePriceWithTheVersionAndExpiry()
    {
        var code = await PublishAsync(ServiceTypeTrees.Valid());
        using var client = await ClientAsync();
        var start = NextBerlinDay(DayOfWeek.Monday, hour: 10);

        using var response = await client.PostAsJsonAsync("/api/quotes", Body(code, start));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var quote = (await response.Content.ReadFromJsonAsync<QuoteResponse>())!;
        var stored = await StoredQuoteAsync(quote.Id);

        Assert.Equal($"/api/quotes/{quote.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((code, 1, "EUR", 45.00m, 45.00m), (quote.ServiceType, quote.ServiceTypeVersion, quote.Currency, quote.BasePrice, quote.Total));
        Assert.Empty(quote.Surcharges);
        Assert.Equal(TimeSpan.FromMinutes(15), quote.ExpiresAt - quote.QuotedAt);
        Assert.Equal(start, quote.WindowStart);
        Assert.Equal((1, 45.00m, quote.ExpiresAt), (stored.ServiceTypeVersion, stored.Total, stored.ExpiresAt));
        Assert.Equal("Friedrichstraße 43, 10117 Berlin", stored.Address);
    }

    [Fact]
    public async Task Create_WithAWindowInTenthsOfAMicrosecond_AnswersTheWindowAsStored()
    {
        var code = await PublishAsync(ServiceTypeTrees.Valid());
        using var client = await ClientAsync();
        var start = NextBerlinDay(DayOfWeek.Monday, hour: 10);
        var body = Body(
            code,
            start.ToString("yyyy-MM-dd'T'HH:mm:ss'.1234567'zzz", CultureInfo.InvariantCulture),
            start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'.7654321'zzz", CultureInfo.InvariantCulture));

        using var response = await client.PostAsJsonAsync("/api/quotes", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var answered = (await response.Content.ReadFromJsonAsync<QuoteResponse>())!;
        var read = (await client.GetFromJsonAsync<QuoteResponse>($"/api/quotes/{answered.Id}"))!;

        Assert.Equal((start.AddTicks(1_234_560), start.AddHours(2).AddTicks(7_654_320)), (answered.WindowStart, answered.WindowEnd));
        Assert.Equal((answered.WindowStart, answered.WindowEnd), (read.WindowStart, read.WindowEnd));
    }

    [Fact]
    public async Task Create_OnASaturday_AddsTheWeekendSurcharge()
    {
        var code = await PublishAsync(ServiceTypeTrees.Valid());
        using var client = await ClientAsync();

        var quote = await QuoteAsync(client, code, NextBerlinDay(DayOfWeek.Saturday, hour: 10));
        var json = await client.GetStringAsync($"/api/quotes/{quote.Id}");

        Assert.Contains("\"surcharges\":[{\"id\":\"weekend\",\"rule\":\"weekend\",\"amount\":10.00}],\"discounts\":[],\"total\":55.00", json, StringComparison.Ordinal);
        var surcharge = Assert.Single(quote.Surcharges);
        Assert.Equal(("weekend", 10.00m), (surcharge.Id, surcharge.Amount));
        Assert.Equal(55.00m, quote.Total);
        Assert.Equal(55.00m, (await StoredQuoteAsync(quote.Id)).Total);
    }

    [Fact]
    public async Task Create_AtShortNotice_AddsTheRoundedPercentage()
    {
        var tree = ServiceTypeTrees.Valid();
        ServiceTypeTrees.Step(tree, "properties")["surcharges"] = JsonNode.Parse(
            """[{ "id": "short-notice", "rule": "shortNotice", "noticeUnder": "PT24H", "percent": 12.5, "rounding": "halfEven" }]""");
        var code = await PublishAsync(tree);
        using var client = await ClientAsync();

        var quote = await QuoteAsync(client, code, DateTimeOffset.UtcNow.AddHours(2));

        Assert.Equal(("short-notice", 5.62m), (Assert.Single(quote.Surcharges).Id, quote.Surcharges[0].Amount));
        Assert.Equal(50.62m, quote.Total);
    }

    [Fact]
    public async Task Create_AfterARepublish_PricesTheNewVersionAndLeavesTheOldQuote()
    {
        var manager = DefinitionApi.ServiceTypes(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));
        var tree = ServiceTypeTrees.Valid();
        var code = await PublishAsync(tree);
        using var client = await ClientAsync();
        var start = NextBerlinDay(DayOfWeek.Tuesday, hour: 9);
        var first = await QuoteAsync(client, code, start);

        ServiceTypeTrees.Step(tree, "properties")["basePrice"] = 49.90m;
        using var edited = await manager.UpdateAsync(code, 1, tree);
        await manager.PublishedAsync(code, 2);
        var second = await QuoteAsync(client, code, start);

        Assert.Equal((1, 45.00m), (first.ServiceTypeVersion, first.Total));
        Assert.Equal((2, 49.90m), (second.ServiceTypeVersion, second.Total));
        Assert.Equal((1, 45.00m), ((await StoredQuoteAsync(first.Id)).ServiceTypeVersion, (await StoredQuoteAsync(first.Id)).Total));
    }

    [Fact]
    public async Task Create_ManyTimes_AsksManagementOnceForTheLatestVersion()
    {
        var code = await PublishAsync(ServiceTypeTrees.Valid());
        using var client = await ClientAsync();
        var start = NextBerlinDay(DayOfWeek.Monday, hour: 10);

        var first = await QuoteAsync(client, code, start);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => QuoteAsync(client, code, start)));
        var after = await QuoteAsync(client, code, start);

        Assert.All(concurrent.Append(first).Append(after), quote => Assert.Equal((1, 45.00m), (quote.ServiceTypeVersion, quote.Total)));
        Assert.Equal(12, concurrent.Append(first).Append(after).Select(quote => quote.Id).Distinct().Count());
        Assert.Equal(1, await LookupCountAsync(code));
    }

    [Fact]
    public async Task Get_ReturnsTheCallersQuoteAndHidesOtherClients()
    {
        var code = await PublishAsync(ServiceTypeTrees.Valid());
        using var owner = await ClientAsync();
        using var stranger = await ClientAsync();
        var quote = await QuoteAsync(owner, code, NextBerlinDay(DayOfWeek.Wednesday, hour: 14));

        var read = await owner.GetFromJsonAsync<QuoteResponse>($"/api/quotes/{quote.Id}");
        using var hidden = await stranger.GetAsync($"/api/quotes/{quote.Id}");

        Assert.Equal((quote.Total, quote.ExpiresAt, quote.ServiceTypeVersion), (read!.Total, read.ExpiresAt, read.ServiceTypeVersion));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("application/problem+json", hidden.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_ForAnUnknownOrUnpublishedServiceType_Answers422NamingServiceTypeAndStoresNothing()
    {
        var manager = DefinitionApi.ServiceTypes(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));
        var draftOnly = TestSetTrees.UniqueCode("draft-only");
        await manager.CreateAsync(draftOnly, ServiceTypeTrees.Valid());
        using var client = await ClientAsync();
        var before = await CountQuotesAsync();

        foreach (var code in new[] { draftOnly, TestSetTrees.UniqueCode("unknown") })
        {
            using var response = await client.PostAsJsonAsync("/api/quotes", Body(code, NextBerlinDay(DayOfWeek.Monday, hour: 10)));
            var problem = await DefinitionApi.ProblemAsync(response);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains(code, problem.GetProperty("errors").GetProperty("serviceType")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await CountQuotesAsync());
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { """{ "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{end}" }""", "serviceType" },
        { """{ "serviceType": "Office Cookies", "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{end}" }""", "serviceType" },
        { """{ "serviceType": "office-cookies", "address": " ", "latitude": 52.5, "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{end}" }""", "address" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "city": " ", "latitude": 52.5, "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{end}" }""", "city" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 91, "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{end}" }""", "latitude" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "windowStart": "{start}", "windowEnd": "{end}" }""", "longitude" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "longitude": -180.5, "windowStart": "{start}", "windowEnd": "{end}" }""", "longitude" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "2030-01-07T10:00:00", "windowEnd": "{end}" }""", "windowStart" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "next monday", "windowEnd": "{end}" }""", "windowStart" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "2020-01-06T10:00:00Z", "windowEnd": "2020-01-06T12:00:00Z" }""", "windowStart" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{start}" }""", "windowEnd" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "{end}", "windowEnd": "{start}" }""", "windowEnd" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": 52.5, "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{late}" }""", "windowEnd" },
        { """{ "serviceType": "office-cookies", "address": "Main St 1", "latitude": "north", "longitude": 13.4, "windowStart": "{start}", "windowEnd": "{end}" }""", "latitude" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Create_WithABadField_Answers400NamingItAndStoresNothing(string template, string field)
    {
        using var client = await ClientAsync();
        var start = NextBerlinDay(DayOfWeek.Monday, hour: 10);
        var body = template
            .Replace("{start}", Iso(start), StringComparison.Ordinal)
            .Replace("{end}", Iso(start.AddHours(2)), StringComparison.Ordinal)
            .Replace("{late}", Iso(start.AddHours(13)), StringComparison.Ordinal);
        var before = await CountQuotesAsync();

        using var response = await client.PostAsync("/api/quotes", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await DefinitionApi.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
        Assert.Equal(before, await CountQuotesAsync());
    }

    [Theory]
    [InlineData(PlatformRoles.Manager)]
    [InlineData(PlatformRoles.Worker)]
    [InlineData(PlatformRoles.Ops)]
    public async Task Create_ByAnythingButAClient_IsRefused(string role)
    {
        var code = await PublishAsync(ServiceTypeTrees.Valid());
        using var other = await fixture.Host.CreateClientAsync(role);
        var before = await CountQuotesAsync();

        using var response = await other.PostAsJsonAsync("/api/quotes", Body(code, NextBerlinDay(DayOfWeek.Monday, hour: 10)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await CountQuotesAsync());
    }

    private async Task<string> PublishAsync(JsonObject tree)
    {
        var manager = DefinitionApi.ServiceTypes(fixture.Host, await fixture.Host.CreateClientAsync(PlatformRoles.Manager));
        var code = TestSetTrees.UniqueCode("office-cookies");
        await manager.PublishedAsync(code, (await manager.CreateAsync(code, tree)).Revision);
        return code;
    }

    private async Task<int> LookupCountAsync(string code)
    {
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        var count = 0;
        await foreach (var lookup in temporal.ListWorkflowsAsync($"WorkflowId STARTS_WITH '{ServiceTypeLookupWorkflow.WorkflowIdPrefix(code)}'"))
        {
            count++;
        }

        return count;
    }

    private async Task<HttpClient> ClientAsync()
    {
        await fixture.Host.WaitUntilReadyAsync();
        return await fixture.Host.CreateClientAsync(PlatformRoles.Client);
    }

    private static async Task<QuoteResponse> QuoteAsync(HttpClient client, string code, DateTimeOffset start)
    {
        using var response = await client.PostAsJsonAsync("/api/quotes", Body(code, start));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<QuoteResponse>())!;
    }

    private static object Body(string code, DateTimeOffset start) => Body(code, Iso(start), Iso(start.AddHours(2)));

    private static object Body(string code, string windowStart, string windowEnd) => new
    {
        serviceType = code,
        address = "Friedrichstraße 43, 10117 Berlin",
        city = "Berlin",
        latitude = 52.5067,
        longitude = 13.3903,
        windowStart,
        windowEnd,
    };

    /// <summary>The given weekday at the given hour in Berlin, at least two days ahead so short notice never applies.</summary>
    private static DateTimeOffset NextBerlinDay(DayOfWeek day, int hour)
    {
        var date = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Berlin).Date.AddDays(2);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }

        var local = date.AddHours(hour);
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local));
    }

    private static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private async Task<Activities.Ordering.Quotes.Quote> StoredQuoteAsync(Guid id)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Quotes.AsNoTracking().SingleAsync(quote => quote.Id == id);
    }

    private async Task<int> CountQuotesAsync()
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderingDbContext>().Quotes.CountAsync();
    }
}
