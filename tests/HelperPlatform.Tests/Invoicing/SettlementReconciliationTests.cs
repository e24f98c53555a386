using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.Activities.Invoicing.Reconciliation;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;
using SettlementLineKinds = HelperPlatform.Activities.Invoicing.Reconciliation.SettlementLineKinds;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>A host that reconciles Golden Hat's settlement report daily, with the contractor delivering at once.</summary>
public sealed class SettlementReconciliationFixture() : ConfiguredHostFixture("Invoicing:ReconcileSettlements=true", "Contractor:EmbeddedDeliveryDelay=00:00:00.200");

/// <summary>
/// The daily reconciliation of Golden Hat's settlement report against the ledger, line by line: a clean day (an
/// invoice's charge, a charge, refund and payout booked as the workflows book them) lists nothing; a charge only Golden Hat has, an entry only the ledger has and an amount that differs are each listed
/// with both sides, ops are told, and reconciling the day again lists them once.
/// </summary>
public sealed class SettlementReconciliationTests(SettlementReconciliationFixture fixture) : IClassFixture<SettlementReconciliationFixture>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task EveryKindOfMismatch_IsListedWithBothSides_OnceHoweverOftenTheDayIsReconciled()
    {
        // Golden Hat's days and the ledger's entries are on the real clock; the workflow's timer is skipped to the day after.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var ops = await flow.Orders.SignInAsync(PlatformRoles.Ops);
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds);
        client.Dispose();
        await flow.WaitForInvoiceAsync(orderId, invoice => invoice.Status == InvoiceStatus.Paid, "paid");

        // A charge, a refund and a payout made at Golden Hat and booked as the workflows book them: each matches.
        var charged = await DecidedChargeAsync(50.00m, $"booked-{Guid.NewGuid():N}");
        var goldenHat = fixture.Host.Services.GetRequiredService<GoldenHatClient>();
        var refunded = await DecidedAsync(
            await goldenHat.RefundAsync(new RefundCommand($"test-{Guid.NewGuid():N}", charged.Id, "EUR", 20.00m, $"refund-{Guid.NewGuid():N}", "Partly refunded"), CancellationToken.None),
            refund => goldenHat.GetRefundAsync(refund, CancellationToken.None));
        var paidOut = await DecidedAsync(
            await goldenHat.PayoutAsync(new PayoutCommand($"test-{Guid.NewGuid():N}", TestTokens.DestinationPays, "EUR", 15.00m, $"payout-{Guid.NewGuid():N}", "A worker's statement"), CancellationToken.None),
            payout => goldenHat.GetPayoutAsync(payout, CancellationToken.None));
        var bookedInvoiceId = Guid.NewGuid();
        await BookAsync(
            LedgerEntries.Charged($"test-charged-{Guid.NewGuid():N}", bookedInvoiceId, charged.Outcome, DateTimeOffset.UtcNow),
            LedgerEntries.Refunded($"test-refunded-{Guid.NewGuid():N}", bookedInvoiceId, refunded, DateTimeOffset.UtcNow),
            LedgerEntries.PayoutPaid($"test-payout-paid-{Guid.NewGuid():N}", Guid.NewGuid(), paidOut, DateTimeOffset.UtcNow));
        var clean = await ReconcileAsync(today);

        var stray = await DecidedChargeAsync(12.34m, $"stray-{Guid.NewGuid():N}");
        var differing = await DecidedChargeAsync(40.00m, $"differing-{Guid.NewGuid():N}");
        var ledgerOnly = new PaymentOutcome(PaymentKind.Payout, $"po_ledger_only_{Guid.NewGuid():N}", null, PaymentStatus.Succeeded, "EUR", 15.00m, 0m, null, null);
        await BookAsync(
            LedgerEntries.PayoutPaid($"test-payout-paid-{Guid.NewGuid():N}", Guid.NewGuid(), ledgerOnly, DateTimeOffset.UtcNow),
            LedgerEntries.Charged($"test-charged-{Guid.NewGuid():N}", Guid.NewGuid(), differing.Outcome with { Amount = 45.00m }, DateTimeOffset.UtcNow));
        await fixture.Host.SkipPastTimerAsync(SettlementReconciliationWorkflow.Id, TimeSpan.FromDays(1));
        var daily = await WaitForMismatchesAsync(ops, day);
        var again = await ReconcileAsync(today);
        var afterAgain = (await ops.Http.GetFromJsonAsync<SettlementReconciliationResponse>($"/api/settlement-reconciliations/{day}"))!;
        var told = await WaitForOpsToBeToldAsync(day);

        // The invoice's charge and fee, the booked charge and fee, its refund and the payout.
        Assert.Equal(new SettlementReconciliationSummary(today, 6, 0), clean);
        SettlementMismatchResponse[] expected =
        [
            new(SettlementMismatchKind.MissingInLedger, SettlementLineKinds.Charge, stray.Id, new GoldenHatSideResponse(stray.Reference, "EUR", 12.34m), null),
            new(SettlementMismatchKind.MissingInLedger, SettlementLineKinds.Fee, stray.Id, new GoldenHatSideResponse(stray.Reference, "EUR", 0.66m), null),
            new(SettlementMismatchKind.MissingAtGoldenHat, SettlementLineKinds.Payout, ledgerOnly.Id, null, Ledger(daily, ledgerOnly.Id, 15.00m)),
            new(SettlementMismatchKind.AmountDiffers, SettlementLineKinds.Charge, differing.Id, new GoldenHatSideResponse(differing.Reference, "EUR", 40.00m), Ledger(daily, differing.Id, 45.00m)),
        ];
        Assert.Equal(Ordered(expected), Ordered(daily.Mismatches));
        // Ten report lines (the six above, the stray and the differing charge with their fees), three of them mismatched.
        Assert.Equal((7, 4), (daily.LinesMatched, daily.MismatchCount));
        Assert.Equal(new SettlementReconciliationSummary(today, 7, 4), again);
        Assert.Equal(Ordered(expected), Ordered(afterAgain.Mismatches));
        Assert.Equal(4, await flow.Orders.WithAsync<InvoicingDbContext, int>(db => db.SettlementMismatches.CountAsync(mismatch => mismatch.Date == today)));
        Assert.Equal([$"Settlement of {day}: 4 mismatches"], told);
    }

    [Fact]
    public async Task Mismatches_AreForOpsAndManagers_AndADayIsNamedExactly()
    {
        using var ops = await flow.Orders.SignInAsync(PlatformRoles.Ops);
        using var manager = await flow.Orders.SignInAsync(PlatformRoles.Manager);
        using var worker = await flow.Orders.SignInAsync(PlatformRoles.Worker);
        using var client = await flow.Orders.SignInAsync(PlatformRoles.Client);
        await ReconcileAsync(new DateOnly(2026, 1, 1));

        using var asWorker = await worker.Http.GetAsync("/api/settlement-reconciliations/2026-01-01");
        using var asClient = await client.Http.GetAsync("/api/settlement-reconciliations");
        var asManager = await manager.Http.GetFromJsonAsync<SettlementReconciliationResponse>("/api/settlement-reconciliations/2026-01-01");
        var days = await ops.Http.GetFromJsonAsync<List<SettlementReconciliationResponse>>("/api/settlement-reconciliations");
        using var badDay = await ops.Http.GetAsync("/api/settlement-reconciliations/01.01.2026");
        using var notReconciled = await ops.Http.GetAsync("/api/settlement-reconciliations/2020-02-29");

        Assert.Equal(HttpStatusCode.Forbidden, asWorker.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asClient.StatusCode);
        Assert.Equal((0, 0, 0), (asManager!.LinesMatched, asManager.MismatchCount, asManager.Mismatches.Count));
        Assert.Contains(days!, reconciled => reconciled.Date == new DateOnly(2026, 1, 1));
        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
        Assert.Contains("\"date\"", await badDay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notReconciled.StatusCode);
    }

    private static IEnumerable<string> Ordered(IEnumerable<SettlementMismatchResponse> mismatches) =>
        mismatches.Select(mismatch => mismatch.ToString()).Order(StringComparer.Ordinal);

    /// <summary>The ledger's side as the day lists it, checked against what the test booked: the entry's amount and currency.</summary>
    private static LedgerSideResponse Ledger(SettlementReconciliationResponse day, string goldenHatId, decimal amount)
    {
        var listed = day.Mismatches.First(mismatch => mismatch.GoldenHatId == goldenHatId && mismatch.Ledger is not null).Ledger!;
        Assert.Equal(("EUR", amount), (listed.Currency, listed.Amount));
        return listed;
    }

    private async Task<SettlementReconciliationSummary> ReconcileAsync(DateOnly day)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<SettlementReconciliationActivities>();
        return await new ActivityEnvironment().RunAsync(() => activities.ReconcileSettlementDayAsync(day, DateTimeOffset.UtcNow));
    }

    /// <summary>A charge made at Golden Hat directly, not by an invoice, and decided.</summary>
    private async Task<(string Id, string Reference, PaymentOutcome Outcome)> DecidedChargeAsync(decimal amount, string reference)
    {
        var goldenHat = fixture.Host.Services.GetRequiredService<GoldenHatClient>();
        var charge = await DecidedAsync(
            await goldenHat.ChargeAsync(new ChargeCommand($"test-{Guid.NewGuid():N}", TestTokens.Succeeds, "EUR", amount, reference, "Not an invoice"), CancellationToken.None),
            id => goldenHat.GetChargeAsync(id, CancellationToken.None));
        return (charge.Id, reference, charge);
    }

    /// <summary>Asks Golden Hat until the payment is decided; it must have succeeded (or been paid).</summary>
    private static async Task<PaymentOutcome> DecidedAsync(PaymentOutcome payment, Func<string, Task<PaymentOutcome>> read)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (payment.Status == PaymentStatus.Pending)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{payment.Kind} {payment.Id} stayed pending.");
            await Task.Delay(50);
            payment = await read(payment.Id);
        }

        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        return payment;
    }

    private async Task BookAsync(params JournalEntry[] entries)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InvoicingDbContext>();
        foreach (var entry in entries)
        {
            LedgerBook.Post(db, entry);
        }

        await db.SaveChangesAsync();
    }

    private async Task<List<string>> WaitForOpsToBeToldAsync(string day)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var subjects = await flow.Orders.WithAsync<OnboardingDbContext, List<string>>(db => db.Notifications
                .Where(message => message.Recipient == SettlementReconciliationWorkflow.Ops && message.Reference == $"settlements/{day}")
                .Select(message => message.Subject).ToListAsync());
            if (subjects.Count > 0)
            {
                return subjects;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Ops were never told about the settlement of {day}.");
            await Task.Delay(100);
        }
    }

    private static async Task<SettlementReconciliationResponse> WaitForMismatchesAsync(Party ops, string day)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            using var response = await ops.Http.GetAsync($"/api/settlement-reconciliations/{day}");
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<SettlementReconciliationResponse>() is { MismatchCount: > 0 } reconciled)
            {
                return reconciled;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The daily reconciliation never listed the mismatches of {day}.");
            await Task.Delay(100);
        }
    }
}
