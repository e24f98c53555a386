using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.GoldenHat;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using static HelperPlatform.Tests.Invoicing.GoldenHatPlatformFixture;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>The platform's payment activities against the simulator over HTTP, through the host's resilient client.</summary>
public sealed class PaymentActivitiesTests(GoldenHatPlatformFixture fixture) : IClassFixture<GoldenHatPlatformFixture>
{
    [Fact]
    public async Task Charge_IsPendingThenSucceeds_WithTheFee()
    {
        var reference = GoldenHatCalls.NewReference();

        var pending = await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference, 100m)));
        var decided = await fixture.DecidedChargeAsync(pending.Id);

        Assert.Equal((PaymentKind.Charge, PaymentStatus.Pending, "EUR", 100m), (pending.Kind, pending.Status, pending.Currency, pending.Amount));
        Assert.Equal((PaymentStatus.Succeeded, 3.20m, (string?)null), (decided.Status, decided.Fee, decided.FailureCode));
    }

    [Fact]
    public async Task Charge_Declined_IsAnOutcomeNotAnError()
    {
        var reference = GoldenHatCalls.NewReference();

        var pending = await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference, 10m, TestTokens.InsufficientFunds)));
        var declined = await fixture.DecidedChargeAsync(pending.Id);
        var expired = await fixture.RunAsync(payments => payments.ChargeAsync(Charge(GoldenHatCalls.NewReference(), 10m, TestTokens.ExpiredCard)));

        Assert.Equal((PaymentStatus.Failed, "insufficient_funds", 0m), (declined.Status, declined.FailureCode, declined.Fee));
        Assert.Equal((PaymentStatus.Failed, "expired_card"), (expired.Status, expired.FailureCode));
    }

    public static TheoryData<string> RejectedCharges() => new() { "unknown token", "amount below the minor unit", "key reused with another amount" };

    [Theory]
    [MemberData(nameof(RejectedCharges))]
    public async Task Charge_Invalid_FailsNonRetryablyAsRejected(string mistake)
    {
        var command = Charge(GoldenHatCalls.NewReference());
        if (mistake == "key reused with another amount")
        {
            await fixture.RunAsync(payments => payments.ChargeAsync(command));
        }

        var invalid = mistake switch
        {
            "unknown token" => command with { PaymentMethodToken = "pm_nobody" },
            "amount below the minor unit" => command with { Amount = 10.001m },
            _ => command with { Amount = command.Amount + 1 },
        };

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => fixture.RunAsync(payments => payments.ChargeAsync(invalid)));

        Assert.Equal(IPaymentActivities.RejectedErrorType, failure.ErrorType);
        Assert.True(failure.NonRetryable);
    }

    [Fact]
    public async Task Charge_WhileGoldenHatAnswers5xx_IsRetriedWithTheSameKey_AndChargedOnce()
    {
        var reference = GoldenHatCalls.NewReference();
        var failedBefore = fixture.Simulator.Behaviour.FailedRequests;
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(FailNextRequests: 2));

        var charge = await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference)));

        Assert.Equal(2, fixture.Simulator.Behaviour.FailedRequests - failedBefore);
        Assert.Equal(charge.Id, Assert.Single(fixture.Simulator.Book.ChargesFor(reference)).Id);
    }

    [Fact]
    public async Task Charge_WhoseAnswerTimesOut_IsRetriedWithTheSameKey_AndReplayed()
    {
        var reference = GoldenHatCalls.NewReference();
        var timedOutBefore = fixture.Simulator.Behaviour.TimedOutRequests;
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(TimeOutNextRequests: 1));

        var charge = await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference)));

        Assert.Equal(1, fixture.Simulator.Behaviour.TimedOutRequests - timedOutBefore);
        Assert.Equal(charge.Id, Assert.Single(fixture.Simulator.Book.ChargesFor(reference)).Id);
    }

    [Fact]
    public async Task Refund_PartialThenAboveWhatIsLeft_SucceedsThenIsRejected()
    {
        var reference = GoldenHatCalls.NewReference();
        var charge = await fixture.RunAsync(payments => payments.ChargeAsync(Charge(reference, 60m)));
        await fixture.DecidedChargeAsync(charge.Id);

        var refund = await fixture.RunAsync(payments => payments.RefundAsync(new RefundCommand($"refund-{Guid.NewGuid():N}", charge.Id, "EUR", 45m, reference, "quality check failed")));
        var tooMuch = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            fixture.RunAsync(payments => payments.RefundAsync(new RefundCommand($"refund-{Guid.NewGuid():N}", charge.Id, "EUR", 15.01m, reference, "again"))));
        var read = await fixture.RunAsync(payments => payments.GetRefundAsync(refund.Id));

        Assert.Equal((PaymentKind.Refund, charge.Id, 45m), (refund.Kind, refund.ChargeId, refund.Amount));
        Assert.Equal(refund.Id, read.Id);
        Assert.Equal(IPaymentActivities.RejectedErrorType, tooMuch.ErrorType);
    }

    [Fact]
    public async Task GetCharge_Unknown_IsRejected()
    {
        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() => fixture.RunAsync(payments => payments.GetChargeAsync("ch_nothing")));

        Assert.Equal(IPaymentActivities.RejectedErrorType, failure.ErrorType);
    }

    [Fact]
    public async Task PaymentMethod_KnownOrNot_IsVerifiedByToken()
    {
        var goldenHat = fixture.Host.Services.GetRequiredService<GoldenHatClient>();

        var known = await goldenHat.FindPaymentMethodAsync(TestTokens.Succeeds, CancellationToken.None);
        var unknown = await goldenHat.FindPaymentMethodAsync("pm_nobody", CancellationToken.None);

        Assert.Equal((TestTokens.Succeeds, "4242"), (known!.Token, known.Last4));
        Assert.Null(unknown);
    }
}

/// <summary>Golden Hat down for longer than the client's retries: the activity throws a retryable error for Temporal to retry.</summary>
public sealed class PaymentOutageTests(GoldenHatPlatformFixture fixture) : IClassFixture<GoldenHatPlatformFixture>
{
    [Fact]
    public async Task Charge_WhileGoldenHatIsDown_ThrowsRetryably_AndChargesOnceAfterRecovery()
    {
        var command = Charge(GoldenHatCalls.NewReference());
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(Outage: Outages.Unavailable));
        Exception failure;
        try
        {
            failure = await Assert.ThrowsAnyAsync<Exception>(() => fixture.RunAsync(payments => payments.ChargeAsync(command)));
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(Outage: Outages.None));
        }

        var charge = await fixture.RunAsync(payments => payments.ChargeAsync(command));

        Assert.False(failure is ApplicationFailureException { NonRetryable: true });
        Assert.Equal(charge.Id, Assert.Single(fixture.Simulator.Book.ChargesFor(command.Reference)).Id);
    }
}
