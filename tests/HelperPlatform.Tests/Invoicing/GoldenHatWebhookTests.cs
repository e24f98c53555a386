using System.Net.Http.Json;
using HelperPlatform.GoldenHat;
using static HelperPlatform.Tests.Invoicing.GoldenHatCalls;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Golden Hat's webhooks: signed, at least once, retried with backoff, duplicated, reordered and held when told to.</summary>
public sealed class GoldenHatWebhookTests(GoldenHatFixture fixture) : IClassFixture<GoldenHatFixture>
{
    [Fact]
    public async Task Webhook_IsSignedOverTimestampAndBody_WithTheSharedSecret()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();

        await ChargeAndSettleAsync(fixture, client, reference);
        var webhook = Assert.Single(fixture.Receiver.For(reference));

        var timestamp = long.Parse(webhook.Timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(WebhookSignature.Sign(GoldenHatFixture.WebhookSecret, timestamp, webhook.Body), webhook.Signature);
        Assert.StartsWith("evt_", webhook.EventId, StringComparison.Ordinal);
        Assert.Equal("charge", webhook.Payment.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Webhook_RefusedByTheMerchant_IsRetriedUntilAcknowledged_WithTheSameEventId()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        fixture.Receiver.FailNext(3);

        await ChargeAndSettleAsync(fixture, client, reference);
        var attempts = fixture.Receiver.Received.Where(webhook => webhook.Reference == reference).ToList();

        Assert.Equal([true, true, true, false], attempts.Select(attempt => attempt.Failed));
        Assert.Single(attempts.Select(attempt => attempt.EventId).Distinct());
    }

    [Fact]
    public async Task Webhooks_Duplicated_CarryTheSameEventIdTwice()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(DuplicateWebhooks: true));
        try
        {
            await ChargeAndSettleAsync(fixture, client, reference);
            var webhooks = await fixture.Receiver.WaitForAsync(reference, 2);

            // Golden Hat counts an acknowledgement once the receiver's answer is back, after the receiver recorded it.
            var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
            while (fixture.Simulator.Webhooks.AcknowledgementsOf(webhooks[0].EventId) < 2 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.Equal(webhooks[0].EventId, webhooks[1].EventId);
            Assert.Equal(2, fixture.Simulator.Webhooks.AcknowledgementsOf(webhooks[0].EventId));
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(DuplicateWebhooks: false));
        }
    }

    [Fact]
    public async Task Webhooks_Reordered_ArriveNewestFirst()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(ReorderWebhooks: true));
        try
        {
            using var charged = await ChargeAsync(client, NewKey(), Charge(reference, 30m));
            var charge = (await charged.Content.ReadFromJsonAsync<ChargeAnswer>())!;
            await WaitUntilAsync(async () => (await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{charge.Id}"))!.Status == PaymentStatuses.Succeeded);
            Assert.Empty(fixture.Receiver.For(reference));
            using var refunded = await RefundAsync(client, NewKey(), new { charge = charge.Id, amount = 30m, reference });

            var webhooks = await fixture.Receiver.WaitForAsync(reference, 2);

            Assert.Equal([EventTypes.RefundSucceeded, EventTypes.ChargeSucceeded], webhooks.Select(webhook => webhook.Type));
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(ReorderWebhooks: false));
        }
    }

    [Fact]
    public async Task Webhooks_Held_AreSentWhenReleased()
    {
        using var client = fixture.CreateClient();
        var reference = NewReference();
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: true));
        ChargeAnswer charge;
        try
        {
            using var charged = await ChargeAsync(client, NewKey(), Charge(reference));
            charge = (await charged.Content.ReadFromJsonAsync<ChargeAnswer>())!;
            await WaitUntilAsync(async () => (await client.GetFromJsonAsync<ChargeAnswer>($"/v1/charges/{charge.Id}"))!.Status == PaymentStatuses.Succeeded);
            await Task.Delay(200);
            Assert.Empty(fixture.Receiver.For(reference));
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(HoldWebhooks: false));
        }

        var webhook = Assert.Single(await fixture.Receiver.WaitForAsync(reference, 1));
        Assert.Equal(charge.Id, webhook.Payment.GetProperty("id").GetString());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(20);
        }
    }
}
