using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HelperPlatform.GoldenHat;
using static HelperPlatform.Tests.Invoicing.GoldenHatCalls;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Golden Hat's API over HTTP: the key, payment methods, charges, their validation, decisions and fee.</summary>
public sealed class GoldenHatApiTests(GoldenHatFixture fixture) : IClassFixture<GoldenHatFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Api_WithoutTheApiKey_Answers401(string? key)
    {
        using var client = new HttpClient { BaseAddress = fixture.Simulator.Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await client.GetAsync($"/v1/payment-methods/{TestTokens.Succeeds}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(ErrorTypes.Authentication, (await response.Content.ReadFromJsonAsync<ErrorAnswer>())!.Error.Type);
    }

    [Fact]
    public async Task PaymentMethod_CreatedAsACardFormWould_CanBeReadBackByItsToken()
    {
        using var client = fixture.CreateClient();

        using var created = await client.PostAsJsonAsync("/v1/payment-methods", new { behaviour = CardBehaviours.DeclinesThenSucceeds, declinesBeforeSuccess = 3 });
        var method = (await created.Content.ReadFromJsonAsync<PaymentMethodAnswer>())!;
        var read = await client.GetFromJsonAsync<PaymentMethodAnswer>($"/v1/payment-methods/{method.Token}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("pm_", method.Token, StringComparison.Ordinal);
        Assert.Equal((CardBehaviours.DeclinesThenSucceeds, 3), (read!.Behaviour, read.DeclinesBeforeSuccess));
    }

    [Theory]
    [InlineData(TestTokens.Succeeds, CardBehaviours.Succeeds)]
    [InlineData(TestTokens.InsufficientFunds, CardBehaviours.InsufficientFunds)]
    [InlineData(TestTokens.DeclinesTwiceThenSucceeds, CardBehaviours.DeclinesThenSucceeds)]
    [InlineData(TestTokens.ExpiredCard, CardBehaviours.ExpiredCard)]
    [InlineData(TestTokens.RefundFails, CardBehaviours.RefundFails)]
    public async Task TestToken_Exists_WithItsDocumentedBehaviour(string token, string behaviour)
    {
        using var client = fixture.CreateClient();

        var method = await client.GetFromJsonAsync<PaymentMethodAnswer>($"/v1/payment-methods/{token}");

        Assert.Equal(behaviour, method!.Behaviour);
    }

    [Fact]
    public async Task PaymentMethod_Unknown_Answers404()
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync("/v1/payment-methods/pm_nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"behaviour":"rich"}""", "behaviour")]
    [InlineData("""{"behaviour":"succeeds","declinesBeforeSuccess":2}""", "declinesBeforeSuccess")]
    [InlineData("""{"behaviour":"declines_then_succeeds","declinesBeforeSuccess":0}""", "declinesBeforeSuccess")]
    [InlineData("""{"behaviour":"succeeds","cvc":"123"}""", "cvc")]
    public async Task PaymentMethod_Invalid_Answers400NamingTheField(string body, string field)
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("/v1/payment-methods", new StringContent(body, new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await ErrorParamAsync(response));
    }

    [Fact]
    public async Task Charge_WithAGoodCard_IsPendingThenSucceedsWithTheDocumentedFee()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();

        var charge = await ChargeAndSettleAsync(fixture, client, reference, 100.00m);
        var settled = await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{charge.Id}");

        Assert.Equal((PaymentStatuses.Pending, 0m), (charge.Status, charge.Fee));
        // 2.9 % of 100.00 = 2.90, plus the fixed 0.30.
        Assert.Equal((PaymentStatuses.Succeeded, 3.20m, reference), (settled!.Status, settled.Fee, settled.Reference));
        var webhook = Assert.Single(fixture.Receiver.For(reference));
        Assert.Equal(EventTypes.ChargeSucceeded, webhook.Type);
        Assert.Equal(charge.Id, webhook.Payment.GetProperty("id").GetString());
        Assert.Equal(3.20m, webhook.Payment.GetProperty("fee").GetDecimal());
    }

    [Fact]
    public async Task Charge_WithInsufficientFunds_FailsWithoutFee()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();

        var charge = await ChargeAndSettleAsync(fixture, client, reference, 50m, TestTokens.InsufficientFunds);
        var failed = await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{charge.Id}");

        Assert.Equal((PaymentStatuses.Failed, "insufficient_funds", 0m), (failed!.Status, failed.FailureCode, failed.Fee));
        Assert.Equal(EventTypes.ChargeFailed, Assert.Single(fixture.Receiver.For(reference)).Type);
    }

    [Fact]
    public async Task Charge_DecliningTwiceThenSucceeding_CountsAttemptsPerReference()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        var statuses = new List<string>();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var charge = await ChargeAndSettleAsync(fixture, client, reference, 20m, TestTokens.DeclinesTwiceThenSucceeds);
            await fixture.Receiver.WaitForAsync(reference, attempt);
            statuses.Add((await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{charge.Id}"))!.Status);
        }

        Assert.Equal([PaymentStatuses.Failed, PaymentStatuses.Failed, PaymentStatuses.Succeeded], statuses);
        var otherReference = NewReference();
        var first = await ChargeAndSettleAsync(fixture, client, otherReference, 20m, TestTokens.DeclinesTwiceThenSucceeds);
        Assert.Equal(PaymentStatuses.Failed, (await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{first.Id}"))!.Status);
    }

    [Fact]
    public async Task Charge_WithAnExpiredCard_IsDeclinedAt402AtOnce()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();

        using var response = await ChargeAsync(client, NewKey(), Charge(reference, 10m, TestTokens.ExpiredCard));
        var error = (await response.Content.ReadFromJsonAsync<ErrorAnswer>())!;

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal((ErrorTypes.Card, "expired_card"), (error.Error.Type, error.Error.Code));
        Assert.Equal((PaymentStatuses.Failed, "expired_card", 0m), (error.Charge!.Status, error.Charge.FailureCode, error.Charge.Fee));
        Assert.Equal(EventTypes.ChargeFailed, (await fixture.Receiver.WaitForAsync(reference, 1))[0].Type);
    }

    public static TheoryData<string, string> InvalidCharges() => new()
    {
        { """{"currency":"EUR","amount":10,"reference":"r"}""", "paymentMethod" },
        { """{"paymentMethod":"pm_nobody","currency":"EUR","amount":10,"reference":"r"}""", "paymentMethod" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"XXX","amount":10,"reference":"r"}""", "currency" },
        { """{"paymentMethod":"pm_test_succeeds","amount":10,"reference":"r"}""", "currency" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"EUR","amount":0,"reference":"r"}""", "amount" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"EUR","amount":-5,"reference":"r"}""", "amount" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"EUR","amount":10.005,"reference":"r"}""", "amount" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"JPY","amount":100.5,"reference":"r"}""", "amount" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"EUR","amount":"10","reference":"r"}""", "amount" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"EUR","amount":10}""", "reference" },
        { """{"paymentMethod":"pm_test_succeeds","currency":"EUR","amount":10,"reference":"r","tip":1}""", "tip" },
        { """[1]""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidCharges))]
    public async Task Charge_Invalid_Answers400NamingTheFieldAndStoresNothing(string body, string field)
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/charges") { Content = new StringContent(body, new MediaTypeHeaderValue("application/json")) };
        request.Headers.Add(GoldenHatHeaders.IdempotencyKey, key);
        using var refused = await client.SendAsync(request);
        using var valid = await ChargeAsync(client, key, Charge(reference, 10m));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(field, await ErrorParamAsync(refused));
        Assert.Equal(HttpStatusCode.Created, valid.StatusCode);
        Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
    }

    [Fact]
    public async Task Charge_WithoutIdempotencyKey_Answers400NamingTheHeader()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/charges", Charge(NewReference()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(GoldenHatHeaders.IdempotencyKey, await ErrorParamAsync(response));
    }

    [Fact]
    public async Task Charge_Unknown_Answers404()
    {
        using var client = fixture.CreateClient();

        using var charge = await client.GetAsync("/v1/charges/ch_nothing");
        using var refund = await client.GetAsync("/v1/refunds/re_nothing");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (charge.StatusCode, refund.StatusCode));
    }

    [Theory]
    [InlineData("100.00", "EUR", "3.20")]
    [InlineData("10.50", "EUR", "0.60")] // 0.3045 rounds to 0.30
    [InlineData("12.50", "EUR", "0.66")] // 0.3625 rounds to 0.36
    [InlineData("0.20", "EUR", "0.20")] // never more than the charge
    [InlineData("1000", "JPY", "59")] // 29 yen and the fixed 30 minor units
    [InlineData("10.000", "KWD", "0.320")]
    public void Fee_IsTheRateRoundedHalfAwayFromZeroPlusTheFixedPart(string amount, string currency, string fee)
    {
        Assert.Equal(decimal.Parse(fee), Money.Fee(decimal.Parse(amount), currency, 0.029m, 30));
    }

    [Fact]
    public async Task Settlement_SumsChargesRefundsAndFeesPerDayAndCurrency()
    {
        using var client = fixture.CreateClient();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");
        var before = (await client.GetFromJsonAsync<List<SettlementDay>>($"/v1/settlements?from={today}&to={today}"))!.SingleOrDefault(day => day.Currency == "CHF");
        var reference = NewReference();

        using var first = await ChargeAsync(client, NewKey(), Charge(reference, 200m, currency: "CHF"));
        using var second = await ChargeAsync(client, NewKey(), Charge(reference, 10m, currency: "CHF"));
        var charged = (await first.Content.ReadFromJsonAsync<ChargeAnswer>())!;
        await fixture.Receiver.WaitForAsync(reference, 2);
        using var refund = await RefundAsync(client, NewKey(), new { charge = charged.Id, amount = 50m, reference });
        await fixture.Receiver.WaitForAsync(reference, 3);
        var after = (await client.GetFromJsonAsync<List<SettlementDay>>($"/v1/settlements?from={today}&to={today}"))!.Single(day => day.Currency == "CHF");

        // Fees: 200 → 5.80 + 0.30; 10 → 0.29 + 0.30.
        Assert.Equal(2, after.Charges - (before?.Charges ?? 0));
        Assert.Equal(210m, after.ChargedAmount - (before?.ChargedAmount ?? 0));
        Assert.Equal(1, after.Refunds - (before?.Refunds ?? 0));
        Assert.Equal(50m, after.RefundedAmount - (before?.RefundedAmount ?? 0));
        Assert.Equal(6.69m, after.Fees - (before?.Fees ?? 0));
        Assert.Equal(after.ChargedAmount - after.RefundedAmount - after.Fees - after.PaidOutAmount, after.Net);
    }

    [Fact]
    public async Task SettlementLines_ListEachChargeItsFeeAndEachRefund_ByIdAndReference()
    {
        using var client = fixture.CreateClient();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var (reference, declined) = (NewReference(), NewReference());

        using var first = await ChargeAsync(client, NewKey(), Charge(reference, 200m, currency: "CHF"));
        using var second = await ChargeAsync(client, NewKey(), Charge(declined, 10m, TestTokens.InsufficientFunds, "CHF"));
        var charged = (await first.Content.ReadFromJsonAsync<ChargeAnswer>())!;
        await fixture.Receiver.WaitForAsync(reference, 1);
        await fixture.Receiver.WaitForAsync(declined, 1);
        using var refund = await RefundAsync(client, NewKey(), new { charge = charged.Id, amount = 50m, reference });
        var refunded = (await refund.Content.ReadFromJsonAsync<RefundAnswer>())!;
        await fixture.Receiver.WaitForAsync(reference, 2);
        var lines = (await client.GetFromJsonAsync<List<SettlementLine>>($"/v1/settlements/lines?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}"))!;

        // The declined charge moved no money, so it is no line; the fee is 200 → 5.80 + 0.30.
        Assert.Equal(
            [
                new SettlementLine(today, SettlementLineKinds.Charge, charged.Id, reference, "CHF", 200m),
                new SettlementLine(today, SettlementLineKinds.Fee, charged.Id, reference, "CHF", 6.10m),
                new SettlementLine(today, SettlementLineKinds.Refund, refunded.Id, reference, "CHF", 50m),
            ],
            lines.Where(line => line.Reference == reference || line.Reference == declined).OrderBy(line => line.Kind, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/v1/settlements?from=yesterday", "from")]
    [InlineData("/v1/settlements/lines?to=2026-13-01", "to")]
    public async Task Settlement_WithAMalformedDay_Answers400NamingIt(string path, string param)
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, await ErrorParamAsync(response));
    }
}
