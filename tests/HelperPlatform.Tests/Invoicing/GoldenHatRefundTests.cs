using System.Net;
using System.Net.Http.Json;
using HelperPlatform.GoldenHat;
using static HelperPlatform.Tests.Invoicing.GoldenHatCalls;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Refunds: partial and full, never above what is left, decided later and announced by webhook.</summary>
public sealed class GoldenHatRefundTests(GoldenHatFixture fixture) : IClassFixture<GoldenHatFixture>
{
    [Fact]
    public async Task Refunds_PartialThenTheRest_SucceedAndNothingIsLeft()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        var charge = await ChargeAndSettleAsync(fixture, client, reference, 80m);

        using var partial = await RefundAsync(client, NewKey(), new { charge = charge.Id, amount = 30m, reason = "quality check failed", reference });
        using var rest = await RefundAsync(client, NewKey(), new { charge = charge.Id, amount = 50m, reference });
        using var beyond = await RefundAsync(client, NewKey(), new { charge = charge.Id, amount = 0.01m, reference });
        var webhooks = await fixture.Receiver.WaitForAsync(reference, 3);
        var refund = (await partial.Content.ReadFromJsonAsync<RefundAnswer>())!;

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (partial.StatusCode, rest.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Equal("amount", await ErrorParamAsync(beyond));
        Assert.Equal((PaymentStatuses.Pending, charge.Id, reference), (refund.Status, refund.Charge, refund.Reference));
        Assert.Equal([EventTypes.RefundSucceeded, EventTypes.RefundSucceeded], webhooks.Skip(1).Select(webhook => webhook.Type).Order());
        Assert.Equal(PaymentStatuses.Succeeded, (await client.GetFromJsonAsync<RefundAnswer>($"/v1/refunds/{refund.Id}"))!.Status);
        Assert.Equal(80m, (await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{charge.Id}"))!.AmountRefunded);
    }

    [Fact]
    public async Task Refund_AboveTheCharge_IsRefusedAndTheRefusalIsReplayed()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        var charge = await ChargeAndSettleAsync(fixture, client, reference, 20m);
        var key = NewKey();

        using var first = await RefundAsync(client, key, new { charge = charge.Id, amount = 20.01m, reference });
        using var again = await RefundAsync(client, key, new { charge = charge.Id, amount = 20.01m, reference });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (first.StatusCode, again.StatusCode));
        Assert.True(again.Headers.Contains(GoldenHatHeaders.IdempotentReplayed));
        Assert.DoesNotContain(fixture.Simulator.Book.Refunds, refund => refund.Charge.Id == charge.Id);
    }

    [Fact]
    public async Task Refund_OfAFailedCharge_IsRefusedNamingTheCharge()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        var charge = await ChargeAndSettleAsync(fixture, client, reference, 20m, TestTokens.InsufficientFunds);

        using var refund = await RefundAsync(client, NewKey(), new { charge = charge.Id, amount = 5m, reference });

        Assert.Equal(HttpStatusCode.BadRequest, refund.StatusCode);
        Assert.Equal("charge", await ErrorParamAsync(refund));
    }

    [Theory]
    [InlineData("""{"charge":"ch_nothing","amount":1,"reference":"r"}""", "charge")]
    [InlineData("""{"amount":1,"reference":"r"}""", "charge")]
    [InlineData("""{"charge":"CHARGE","amount":0.001,"reference":"r"}""", "amount")]
    [InlineData("""{"charge":"CHARGE","reference":"r"}""", "amount")]
    [InlineData("""{"charge":"CHARGE","amount":1}""", "reference")]
    public async Task Refund_Invalid_Answers400NamingTheField(string body, string field)
    {
        using var client = fixture.CreateClient();
        var charge = await ChargeAndSettleAsync(fixture, client, NewReference(), 5m);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/refunds")
        {
            Content = new StringContent(body.Replace("CHARGE", charge.Id, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(GoldenHatHeaders.IdempotencyKey, NewKey());
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await ErrorParamAsync(response));
    }

    [Fact]
    public async Task Refund_ThatTheIssuerRefuses_FailsAndFreesTheAmount()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        var charge = await ChargeAndSettleAsync(fixture, client, reference, 40m, TestTokens.RefundFails);

        using var response = await RefundAsync(client, NewKey(), new { charge = charge.Id, amount = 40m, reference });
        var webhooks = await fixture.Receiver.WaitForAsync(reference, 2);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(EventTypes.RefundFailed, webhooks[1].Type);
        Assert.Equal("refund_failed", webhooks[1].Payment.GetProperty("failureCode").GetString());
        Assert.Equal(0m, (await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{charge.Id}"))!.AmountRefunded);
    }
}
