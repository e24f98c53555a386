using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Earnings;
using HelperPlatform.Activities.Invoicing.Statements;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;
using static HelperPlatform.Tests.Invoicing.WorkerCreditTests;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>A host of its own: its statement runs issue statements for every worker its database owes.</summary>
public sealed class StatementWindowFixture() : ConfiguredHostFixture("Contractor:EmbeddedDeliveryDelay=00:00:00.200");

/// <summary>
/// Which earnings and credits a statement lists: everything no earlier statement listed, so a period without a
/// statement run is listed line by line on the next statement, and no entry is on two statements.
/// </summary>
public sealed class WorkerStatementWindowTests(StatementWindowFixture fixture) : IClassFixture<StatementWindowFixture>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task APeriodWithoutAStatement_IsListedLineByLineOnTheNext_AndNoEntryIsOnTwoStatements()
    {
        using var manager = await flow.Orders.SignInAsync(PlatformRoles.Manager);
        // Period 1: a completed order's earning and a bonus. Its statement run never happens.
        var (client, orderId) = await flow.CompleteOrderAsync(TestTokens.Succeeds);
        client.Dispose();
        var workerId = await WorkerStatementTests.WaitForEarningAsync(flow.Orders, orderId);
        var bonus = await CreditAsync(manager, workerId, 25.00m, "December rush.");
        await WaitForPostedAsync(manager, workerId, bonus);
        var periodOneEnd = await LastRecordedAsync(workerId);

        // Period 2: an earning and a correction.
        var secondOrder = Guid.NewGuid();
        await RecordEarningAsync(workerId, secondOrder, 12.35m, periodOneEnd);
        var correction = await CreditAsync(manager, workerId, -5.00m, "Double-counted hour.");
        await WaitForPostedAsync(manager, workerId, correction);
        var periodTwoEnd = await LastRecordedAsync(workerId);
        await IssueAsync(periodOneEnd, periodTwoEnd);
        var second = Assert.Single(await StatementsAsync(manager, workerId));
        var owedAtSecond = await OwedAsync(workerId);

        // Period 3: one more bonus, and its statement.
        var late = await CreditAsync(manager, workerId, 7.00m, "Covered a shift.");
        await WaitForPostedAsync(manager, workerId, late);
        var periodThreeEnd = await LastRecordedAsync(workerId);
        await IssueAsync(periodTwoEnd, periodThreeEnd);
        await IssueAsync(periodTwoEnd, periodThreeEnd);
        var statements = await StatementsAsync(manager, workerId);
        var third = statements.Single(statement => statement.Id != second.Id);

        Assert.Equal(
            [(WorkerStatementLineKind.Earning, orderId, 30.00m), (WorkerStatementLineKind.Credit, bonus, 25.00m), (WorkerStatementLineKind.Earning, secondOrder, 12.35m), (WorkerStatementLineKind.Correction, correction, -5.00m)],
            second.Lines.Select(line => (line.Kind, line.SourceId, line.Amount)));
        Assert.Equal((0m, 62.35m, 62.35m), (second.BroughtForward, second.Total, owedAtSecond));
        Assert.Equal(second.Lines[0].At, second.PeriodStart);
        Assert.Equal([(WorkerStatementLineKind.Credit, late, 7.00m)], third.Lines.Select(line => (line.Kind, line.SourceId, line.Amount)));
        // Nothing was paid out in between: the second statement's money is brought forward to the third.
        Assert.Equal((62.35m, 69.35m, 69.35m), (third.BroughtForward, third.Total, await OwedAsync(workerId)));
        Assert.Equal((periodTwoEnd, periodThreeEnd), (third.PeriodStart, third.PeriodEnd));
        Assert.Equal(2, statements.Count);
        Assert.Empty(await flow.Orders.WithAsync<InvoicingDbContext, List<Guid>>(db =>
            db.WorkerStatementLines.GroupBy(line => line.SourceId).Where(listed => listed.Count() > 1).Select(listed => listed.Key).ToListAsync()));
        await flow.AssertLedgerConsistentAsync();
    }

    private async Task IssueAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var statements = scope.ServiceProvider.GetRequiredService<WorkerStatementActivities>();
        await new ActivityEnvironment().RunAsync(() => statements.IssueWorkerStatementsAsync(periodStart, periodEnd));
    }

    private async Task RecordEarningAsync(string workerId, Guid orderId, decimal amount, DateTimeOffset at)
    {
        var earning = new WorkerEarning(
            orderId, workerId, "office-cookies", 1, "EUR", amount, QualityOutcome.NotReviewed, 100, amount, null, at,
            LedgerEntries.Earned(WorkerEarning.EntryKey(orderId), workerId, orderId, "EUR", amount, at));
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var earnings = scope.ServiceProvider.GetRequiredService<EarningActivities>();
        await new ActivityEnvironment().RunAsync(() => earnings.RecordEarningAsync(earning));
    }

    /// <summary>Just after the worker's last entry: the end of a period that holds everything booked so far.</summary>
    private async Task<DateTimeOffset> LastRecordedAsync(string workerId)
    {
        var last = await flow.Orders.WithAsync<InvoicingDbContext, DateTimeOffset>(db => db.LedgerPostings
            .Where(posting => posting.WorkerId == workerId)
            .Join(db.LedgerEntries, posting => posting.EntryId, entry => entry.Id, (posting, entry) => entry.RecordedAt)
            .MaxAsync());
        return last.AddMilliseconds(1);
    }

    private Task<decimal> OwedAsync(string workerId) =>
        flow.Orders.WithAsync<InvoicingDbContext, decimal>(db =>
            db.LedgerPostings.Where(posting => posting.Account == LedgerAccount.WorkerPayables && posting.WorkerId == workerId).SumAsync(posting => -posting.Amount));

    private static async Task<List<WorkerStatementResponse>> StatementsAsync(Party manager, string workerId) =>
        (await manager.Http.GetFromJsonAsync<List<WorkerStatementResponse>>($"/api/workers/{workerId}/statements"))!;

    private static async Task WaitForPostedAsync(Party manager, string workerId, Guid creditId)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while ((await manager.Http.GetFromJsonAsync<WorkerMoneyResponse>($"/api/workers/{workerId}/money"))!.Credits.SingleOrDefault(credit => credit.Id == creditId)?.Status != WorkerCreditStatus.Posted)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Credit {creditId} was never posted.");
            await Task.Delay(50);
        }
    }
}
