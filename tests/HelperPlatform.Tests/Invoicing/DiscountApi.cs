using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Discounts through the real API: managers create them, clients quote with them.</summary>
internal sealed class DiscountApi(PlatformHost host)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    /// <summary>A code no other test uses, in lower case (codes are case-insensitive).</summary>
    public static string UniqueCode() => $"t-{Guid.NewGuid():N}"[..20];

    public async Task<PromotionCodeResponse> CreateCodeAsync(JsonObject body)
    {
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);
        using var response = await manager.PostAsJsonAsync("/api/promotion-codes", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PromotionCodeResponse>())!;
    }

    public async Task<ClientDiscountResponse> GrantAsync(string clientId, JsonObject terms)
    {
        terms["clientId"] = clientId;
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);
        using var response = await manager.PostAsJsonAsync("/api/client-discounts", terms);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ClientDiscountResponse>())!;
    }

    public async Task<PromotionCodeResponse> CodeAsync(string code)
    {
        using var ops = await host.CreateClientAsync(PlatformRoles.Ops);
        return (await ops.GetFromJsonAsync<PromotionCodeResponse>($"/api/promotion-codes/{code}"))!;
    }

    /// <summary>Polls the code until its usage satisfies <paramref name="until"/>.</summary>
    public async Task<PromotionCodeResponse> WaitForCodeAsync(string code, Func<PromotionCodeResponse, bool> until, string what)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var current = await CodeAsync(code);
            if (until(current))
            {
                return current;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Promotion code {code} never reached '{what}': used {current.Used}, reserved {current.Reserved}.");
            await Task.Delay(50);
        }
    }

    /// <summary>A quote three days ahead, as <see cref="OrderFlow.QuoteAsync"/>, with an optional promotion code.</summary>
    public static Task<HttpResponseMessage> QuoteAsync(HttpClient client, string serviceType, string? promotionCode)
    {
        var start = DateTimeOffset.UtcNow.AddDays(3);
        var body = new JsonObject
        {
            ["serviceType"] = serviceType,
            ["address"] = "Friedrichstraße 43, 10117 Berlin",
            ["city"] = OrderFlow.City,
            ["latitude"] = OrderFlow.Latitude,
            ["longitude"] = OrderFlow.Longitude,
            ["windowStart"] = start.ToString("yyyy-MM-dd'T'HH:mm:ssZ", CultureInfo.InvariantCulture),
            ["windowEnd"] = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (promotionCode is not null)
        {
            body["promotionCode"] = promotionCode;
        }

        return client.PostAsJsonAsync("/api/quotes", body);
    }

    public static async Task<Host.Ordering.QuoteResponse> QuotedAsync(HttpClient client, string serviceType, string? promotionCode)
    {
        using var response = await QuoteAsync(client, serviceType, promotionCode);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Host.Ordering.QuoteResponse>())!;
    }

    /// <summary>The problem's <c>errors</c> entry for <paramref name="field"/>, asserting the status.</summary>
    public static async Task<string> ProblemAboutAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), text);
        return errors[field]![0]!.GetValue<string>();
    }
}
