using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Workflows.Invoicing;
using Temporalio.Client;
using static HelperPlatform.Tests.Invoicing.GoldenHatPlatformFixture;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Golden Hat's webhooks into the host: verified, turned into a <see cref="PaymentOutcome"/> and signalled to the
/// workflow the payment's reference names (a <see cref="PaymentWaitingWorkflow"/> stands in for the invoice).
/// </summary>
public sealed class PaymentWebhookTests(GoldenHatPlatformFixture fixture) : IClassFixture<GoldenHatPlatformFixture>
{
    [Fact]
    public async Task ChargeSucceeded_IsSignalledToTheWorkflowItsReferenceNames()
    {
        var outcomes = await WaitForOutcomesAsync(1, async reference =>
        {
            await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference, 100m)));
        });

        var outcome = Assert.Single(outcomes);
        Assert.Equal((PaymentKind.Charge, PaymentStatus.Succeeded, "EUR", 100m, 3.20m), (outcome.Kind, outcome.Status, outcome.Currency, outcome.Amount, outcome.Fee));
    }

    [Fact]
    public async Task ChargeFailed_IsSignalledWithTheReason()
    {
        var outcomes = await WaitForOutcomesAsync(1, async reference =>
        {
            await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference, 10m, TestTokens.InsufficientFunds)));
        });

        var outcome = Assert.Single(outcomes);
        Assert.Equal((PaymentStatus.Failed, "insufficient_funds", 0m), (outcome.Status, outcome.FailureCode, outcome.Fee));
    }

    [Fact]
    public async Task DuplicateWebhooks_AreBothSignalled_WithTheSamePayment()
    {
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(DuplicateWebhooks: true));
        try
        {
            var outcomes = await WaitForOutcomesAsync(2, async reference =>
            {
                await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference)));
            });

            Assert.Equal(2, outcomes.Count);
            Assert.Equal(outcomes[0], outcomes[1]);
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(DuplicateWebhooks: false));
        }
    }

    [Fact]
    public async Task ReorderedWebhooks_ArriveRefundFirst_AndBothAreSignalled()
    {
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(ReorderWebhooks: true));
        try
        {
            var outcomes = await WaitForOutcomesAsync(2, async reference =>
            {
                var charge = await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference, 40m)));
                await fixture.DecidedChargeAsync(charge.Id);
                await fixture.RunAsync(payments => payments.RefundAsync(new RefundCommand($"refund-{Guid.NewGuid():N}", charge.Id, "EUR", 40m, reference, "quality check failed")));
            });

            Assert.Equal([PaymentKind.Refund, PaymentKind.Charge], outcomes.Select(outcome => outcome.Kind));
            Assert.Equal(outcomes[1].Id, outcomes[0].ChargeId);
            Assert.All(outcomes, outcome => Assert.Equal(PaymentStatus.Succeeded, outcome.Status));
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(ReorderWebhooks: false));
        }
    }

    [Fact]
    public async Task Webhook_ForNoWorkflow_IsAcknowledgedOnce()
    {
        var reference = GoldenHatCalls.NewReference();

        await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference)));
        var acknowledged = await AcknowledgedEventAsync(reference);
        await Task.Delay(300);

        Assert.Equal(1, fixture.Simulator.Webhooks.AcknowledgementsOf(acknowledged.Id));
    }

    public static TheoryData<string> Forgeries() =>
        new() { "wrong secret", "tampered body", "stale timestamp", "future timestamp", "no signature", "no timestamp", "unknown version", "not hex" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Webhook_ForgedOrStale_Answers401AndSignalsNothing(string forgery)
    {
        await WithWaitingWorkflowAsync(1, async (reference, handle) =>
        {
            var body = EventBody(reference);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var timestamp = forgery switch
            {
                "stale timestamp" => now - 301,
                "future timestamp" => now + 301,
                _ => now,
            };
            var signature = forgery switch
            {
                "wrong secret" => WebhookSignature.Sign("another-secret", timestamp, body),
                "tampered body" => WebhookSignature.Sign(WebhookSecret, timestamp, body.Replace("100", "1", StringComparison.Ordinal)),
                "no signature" => null,
                "unknown version" => WebhookSignature.Sign(WebhookSecret, timestamp, body).Replace("v1=", "v2=", StringComparison.Ordinal),
                "not hex" => "v1=not-hex",
                _ => WebhookSignature.Sign(WebhookSecret, timestamp, body),
            };

            using var response = await PostAsync(body, forgery == "no timestamp" ? null : timestamp, signature);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(0, await handle.QueryAsync(workflow => workflow.Received));
        });
    }

    [Theory]
    [InlineData("""{"id":"evt_1","type":"charge.disputed","data":{"payment":{"id":"ch_1","currency":"EUR","amount":1,"reference":"REFERENCE"}}}""")]
    [InlineData("""{"id":"evt_1","type":"charge.succeeded","data":{"payment":{"id":"ch_1","currency":"EUR","amount":1}}}""")]
    [InlineData("""not json""")]
    public async Task Webhook_SignedButNotAPaymentEvent_Answers400AndSignalsNothing(string body)
    {
        await WithWaitingWorkflowAsync(1, async (reference, handle) =>
        {
            var sent = body.Replace("REFERENCE", reference, StringComparison.Ordinal);
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            using var response = await PostAsync(sent, timestamp, WebhookSignature.Sign(WebhookSecret, timestamp, sent));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(0, await handle.QueryAsync(workflow => workflow.Received));
        });
    }

    private Task<List<PaymentOutcome>> WaitForOutcomesAsync(int decisions, Func<string, Task> pay) => PaymentWaiting.OutcomesAsync(fixture.Host, decisions, pay);

    private Task WithWaitingWorkflowAsync(int decisions, Func<string, WorkflowHandle<PaymentWaitingWorkflow, List<PaymentOutcome>>, Task> test) =>
        PaymentWaiting.WithWorkflowAsync(fixture.Host, decisions, test);

    private async Task<WebhookEvent> AcknowledgedEventAsync(string reference)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            if (fixture.Simulator.Webhooks.Acknowledged.FirstOrDefault(sent => sent.Data.Payment is ChargeAnswer charge && charge.Reference == reference) is { } acknowledged)
            {
                return acknowledged;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"No webhook about {reference} was acknowledged.");
            await Task.Delay(20);
        }
    }

    internal static string EventBody(string reference) => JsonSerializer.Serialize(
        new
        {
            id = $"evt_{Guid.NewGuid():N}",
            type = EventTypes.ChargeSucceeded,
            created = DateTimeOffset.UtcNow,
            data = new { payment = new { kind = "charge", id = $"ch_{Guid.NewGuid():N}", currency = "EUR", amount = 100m, fee = 3.20m, status = "succeeded", reference } },
        });

    private async Task<HttpResponseMessage> PostAsync(string body, long? timestamp, string? signature)
    {
        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, PaymentWebhookEndpoints.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (timestamp is { } seconds)
        {
            request.Headers.Add(WebhookSignature.TimestampHeader, seconds.ToString(CultureInfo.InvariantCulture));
        }

        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, signature);
        }

        return await client.SendAsync(request);
    }
}

/// <summary>A verified webhook while Temporal is down is answered 503, so Golden Hat sends it again later.</summary>
public sealed class PaymentWebhookOutageTests(GoldenHatPlatformFixture fixture) : IClassFixture<GoldenHatPlatformFixture>
{
    [Fact]
    public async Task Webhook_WhileTemporalIsDown_Answers503WithRetryAfter()
    {
        await fixture.Host.StopTemporalAsync();
        var body = PaymentWebhookTests.EventBody(GoldenHatCalls.NewReference());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, PaymentWebhookEndpoints.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(WebhookSecret, timestamp, body));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
