using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HelperPlatform.GoldenHat;
using static HelperPlatform.Tests.Invoicing.GoldenHatCalls;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Golden Hat's payouts API over HTTP: destinations as a worker app makes them, payouts, their idempotency, decisions and webhooks.</summary>
public sealed class GoldenHatPayoutTests(GoldenHatFixture fixture) : IClassFixture<GoldenHatFixture>
{
    [Fact]
    public async Task Destination_CreatedAsABankFormWould_CanBeReadBackByItsToken()
    {
        using var client = fixture.CreateClient();

        using var created = await client.PostAsJsonAsync("/v1/payout-destinations", new { behaviour = DestinationBehaviours.Closed });
        var destination = (await created.Content.ReadFromJsonAsync<PayoutDestinationAnswer>())!;
        var read = await client.GetFromJsonAsync<PayoutDestinationAnswer>($"/v1/payout-destinations/{destination.Token}");
        using var unknown = await client.GetAsync("/v1/payout-destinations/pd_nobody");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("pd_", destination.Token, StringComparison.Ordinal);
        Assert.Equal((DestinationBehaviours.Closed, destination.Last4), (read!.Behaviour, read.Last4));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData(TestTokens.DestinationPays, DestinationBehaviours.Pays)]
    [InlineData(TestTokens.DestinationClosed, DestinationBehaviours.Closed)]
    public async Task TestDestination_Exists_WithItsDocumentedBehaviour(string token, string behaviour)
    {
        using var client = fixture.CreateClient();

        var destination = await client.GetFromJsonAsync<PayoutDestinationAnswer>($"/v1/payout-destinations/{token}");

        Assert.Equal(behaviour, destination!.Behaviour);
    }

    [Fact]
    public async Task Payout_ToAnOpenDestination_IsPendingThenPaid_AndARetryWithTheKeyIsTheSamePayout()
    {
        using var client = fixture.CreateClient();
        var reference = NewPayoutReference();
        var key = NewKey();

        using var first = await PayoutAsync(client, key, Payout(reference, 120.50m));
        using var retry = await PayoutAsync(client, key, Payout(reference, 120.50m));
        var pending = (await first.Content.ReadFromJsonAsync<PayoutAnswer>())!;
        var webhook = Assert.Single(await fixture.Receiver.WaitForAsync(reference, 1));
        var paid = await client.GetFromJsonAsync<PayoutAnswer>($"/v1/payouts/{pending.Id}");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.Equal(pending.Id, (await retry.Content.ReadFromJsonAsync<PayoutAnswer>())!.Id);
        Assert.Equal((PayoutStatuses.Pending, "payout"), (pending.Status, pending.Kind));
        Assert.Equal((PayoutStatuses.Paid, 120.50m, "EUR"), (paid!.Status, paid.Amount, paid.Currency));
        Assert.Equal(EventTypes.PayoutPaid, webhook.Type);
        Assert.Single(fixture.Simulator.Book.PayoutsFor(reference));
    }

    [Fact]
    public async Task Payout_ToAClosedDestination_Fails_AndSaysWhy()
    {
        using var client = fixture.CreateClient();
        var reference = NewPayoutReference();

        using var response = await PayoutAsync(client, NewKey(), Payout(reference, 40.00m, TestTokens.DestinationClosed));
        var payout = (await response.Content.ReadFromJsonAsync<PayoutAnswer>())!;
        var webhook = Assert.Single(await fixture.Receiver.WaitForAsync(reference, 1));
        var failed = await client.GetFromJsonAsync<PayoutAnswer>($"/v1/payouts/{payout.Id}");

        Assert.Equal((PayoutStatuses.Failed, "destination_closed"), (failed!.Status, failed.FailureCode));
        Assert.Equal(EventTypes.PayoutFailed, webhook.Type);
        Assert.Equal("destination_closed", webhook.Payment.GetProperty("failureCode").GetString());
    }

    [Fact]
    public async Task Settlement_CountsAndListsPaidPayouts_NotFailedOnes_AndTakesThemFromTheNet()
    {
        using var client = fixture.CreateClient();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        var (paid, failed) = (NewPayoutReference(), NewPayoutReference());

        using var first = await PayoutAsync(client, NewKey(), new { destination = TestTokens.DestinationPays, currency = "GBP", amount = 70.00m, reference = paid });
        using var second = await PayoutAsync(client, NewKey(), new { destination = TestTokens.DestinationClosed, currency = "GBP", amount = 5.00m, reference = failed });
        await fixture.Receiver.WaitForAsync(paid, 1);
        await fixture.Receiver.WaitForAsync(failed, 1);
        var day = (await client.GetFromJsonAsync<List<SettlementDay>>($"/v1/settlements?from={today}&to={today}"))!.Single(day => day.Currency == "GBP");
        var lines = (await client.GetFromJsonAsync<List<SettlementLine>>($"/v1/settlements/lines?from={today}&to={today}"))!;
        var paidOut = (await first.Content.ReadFromJsonAsync<PayoutAnswer>())!;

        Assert.Equal((1, 70.00m), (day.Payouts, day.PaidOutAmount));
        Assert.Equal(day.ChargedAmount - day.RefundedAmount - day.Fees - 70.00m, day.Net);
        Assert.Equal(
            [(SettlementLineKinds.Payout, paidOut.Id, "GBP", 70.00m)],
            lines.Where(line => line.Reference == paid || line.Reference == failed).Select(line => (line.Kind, line.Id, line.Currency, line.Amount)));
    }

    [Theory]
    [InlineData("""{"currency":"EUR","amount":10,"reference":"r"}""", "destination")]
    [InlineData("""{"destination":"pd_nobody","currency":"EUR","amount":10,"reference":"r"}""", "destination")]
    [InlineData("""{"destination":"pd_test_pays","currency":"EUR","amount":10.001,"reference":"r"}""", "amount")]
    [InlineData("""{"destination":"pd_test_pays","currency":"XXX","amount":10,"reference":"r"}""", "currency")]
    public async Task Payout_Invalid_Answers400NamingTheField(string body, string field)
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/payouts") { Content = new StringContent(body, new MediaTypeHeaderValue("application/json")) };
        request.Headers.Add(GoldenHatHeaders.IdempotencyKey, NewKey());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await ErrorParamAsync(response));
    }

    [Fact]
    public async Task Destination_WithAnUnknownBehaviour_Answers400NamingIt()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/payout-destinations", new { behaviour = "rich" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("behaviour", await ErrorParamAsync(response));
    }

    private static string NewPayoutReference() => $"payout-{Guid.NewGuid():N}";

    private static object Payout(string reference, decimal amount, string destination = TestTokens.DestinationPays) =>
        new { destination, currency = "EUR", amount, reference, description = "Statement W-2026-000001" };

    private static async Task<HttpResponseMessage> PayoutAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/payouts") { Content = JsonContent.Create(body) };
        request.Headers.Add(GoldenHatHeaders.IdempotencyKey, key);
        return await client.SendAsync(request);
    }
}
