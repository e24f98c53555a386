using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Host.Management;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Management;
using Microsoft.EntityFrameworkCore;
using Temporalio.Client;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>
/// Managers' credits to workers (*Worker credited*): small ones post at once, larger ones wait for a second,
/// different manager until the deadline, a correction never takes the unpaid balance below zero, and a worker sees
/// only their own money.
/// </summary>
public sealed class WorkerCreditTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task SmallCredit_PostsAtOnce_AndOnlyTheWorkerAndStaffSeeIt()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        using var otherWorker = await flow.SignInAsync(PlatformRoles.Worker);

        var credit = await CreditAsync(manager, worker.Id, 25.00m, "Bonus for the December rush.");
        var money = await WaitForCreditAsync(worker, credit, WorkerCreditStatus.Posted);
        using var snooping = await otherWorker.Http.GetAsync($"/api/workers/{worker.Id}/money");
        var theirs = await otherWorker.Http.GetFromJsonAsync<WorkerMoneyResponse>("/api/workers/me/money");
        var asManager = await manager.Http.GetFromJsonAsync<WorkerMoneyResponse>($"/api/workers/{worker.Id}/money");
        var trial = await manager.Http.GetFromJsonAsync<List<TrialBalanceResponse>>("/api/ledger/trial-balance");

        Assert.Equal([new WorkerBalanceResponse("EUR", 25.00m)], money.Balances);
        Assert.Equal((25.00m, "Bonus for the December rush.", manager.Id), (money.Credits[0].Amount, money.Credits[0].Reason, money.Credits[0].RequestedBy));
        Assert.Equal(HttpStatusCode.Forbidden, snooping.StatusCode);
        Assert.Empty(theirs!.Credits);
        Assert.Equal(money.Balances, asManager!.Balances);
        Assert.All(trial!, currency => Assert.True(currency.Balanced && currency.Debits == currency.Credits, $"{currency.Currency}: {currency.Debits} ≠ {currency.Credits}"));
        Assert.Equal(1, await flow.WithAsync<InvoicingDbContext, int>(db => db.Events.CountAsync(recorded => recorded.StreamId == InvoicingEvents.WorkerStream(worker.Id) && recorded.Type == ManagementEvents.WorkerCredited)));
    }

    [Fact]
    public async Task NegativeCorrection_BeyondTheUnpaidBalance_IsRefused_DownToItPosts()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        await WaitForCreditAsync(worker, await CreditAsync(manager, worker.Id, 40.00m, "Bonus."), WorkerCreditStatus.Posted);

        var refused = await CreditAsync(manager, worker.Id, -40.01m, "Double-counted bonus.");
        var beyond = await WaitForCreditAsync(worker, refused, WorkerCreditStatus.Refused);
        Assert.Equal(WorkerCreditStatus.Refused, await EndOfAsync(refused));
        var downToZero = await WaitForCreditAsync(worker, await CreditAsync(manager, worker.Id, -40.00m, "Bonus given in error."), WorkerCreditStatus.Posted);

        Assert.Equal([new WorkerBalanceResponse("EUR", 40.00m)], beyond.Balances);
        Assert.Equal([new WorkerBalanceResponse("EUR", 0.00m)], downToZero.Balances);
        Assert.Contains("A correction was refused", await SubjectsAsync(manager.Id, worker.Id));
    }

    [Fact]
    public async Task LargeCredit_WaitsForASecondManager_NotTheOneWhoAsked()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var second = await SecondManagerAsync();
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        var credit = await CreditAsync(manager, worker.Id, 150.00m, "Covered a colleague's week.");
        var waiting = await WaitForCreditAsync(worker, credit, WorkerCreditStatus.AwaitingApproval);

        using var own = await DecideAsync(manager, credit, approved: true);
        using var approved = await DecideAsync(second, credit, approved: true);
        Assert.True(approved.StatusCode == HttpStatusCode.NoContent, await approved.Content.ReadAsStringAsync());
        var posted = await WaitForCreditAsync(worker, credit, WorkerCreditStatus.Posted);
        using var again = await DecideAsync(second, credit, approved: false);

        Assert.Empty(waiting.Balances);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NoContent), (own.StatusCode, approved.StatusCode));
        Assert.True(again.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound, again.StatusCode.ToString());
        Assert.Equal(second.Id, posted.Credits.Single().DecidedBy);
        Assert.Equal([new WorkerBalanceResponse("EUR", 150.00m)], posted.Balances);
    }

    [Fact]
    public async Task LargeCredit_Rejected_OrExpired_IsNotPosted_AndTheManagersAreTold()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var second = await SecondManagerAsync();
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        var rejected = await CreditAsync(manager, worker.Id, 500.00m, "Typo bonus.");
        var expiring = await CreditAsync(manager, worker.Id, -120.00m, "Correction nobody looked at.");
        await WaitForCreditAsync(worker, expiring, WorkerCreditStatus.AwaitingApproval);
        await WaitForCreditAsync(worker, rejected, WorkerCreditStatus.AwaitingApproval);

        using var no = await DecideAsync(second, rejected, approved: false);
        Assert.True(no.StatusCode == HttpStatusCode.NoContent, await no.Content.ReadAsStringAsync());
        await fixture.Host.SkipPastTimerAsync(WorkerCreditWorkflow.WorkflowId(expiring), TimeSpan.FromDays(2));
        // The managers are told after the status is stored: read the notices once the workflows have ended.
        Assert.Equal((WorkerCreditStatus.Rejected, WorkerCreditStatus.Expired), (await EndOfAsync(rejected), await EndOfAsync(expiring)));
        var money = await WaitForCreditAsync(worker, expiring, WorkerCreditStatus.Expired);

        Assert.Equal(HttpStatusCode.NoContent, no.StatusCode);
        Assert.Empty(money.Balances);
        Assert.Equal(["Credit expired", "Credit rejected"], (await SubjectsAsync(manager.Id, worker.Id)).Order(StringComparer.Ordinal));
        Assert.Contains("Credit rejected", await SubjectsAsync(second.Id, worker.Id));
        Assert.Contains("Credit expired", await SubjectsAsync(Workflows.Ordering.OrderNotifications.Managers, worker.Id));
    }

    [Fact]
    public async Task RetriedCredit_WithTheSameKey_IsOneCredit_AndTheKeyWithOtherValuesIsA422NamingThem()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        var key = Guid.NewGuid().ToString();
        var body = new { amount = 30.00m, currency = "EUR", reason = "Weekend cover." };

        using var first = await PostCreditAsync(manager, worker.Id, key, body);
        using var retry = await PostCreditAsync(manager, worker.Id, key, body);
        using var changed = await PostCreditAsync(manager, worker.Id, key, new { amount = 31.00m, currency = "EUR", reason = "Weekend cover!" });
        using var unkeyed = await PostCreditAsync(manager, worker.Id, null, body);
        var credit = (await first.Content.ReadFromJsonAsync<WorkerCreditAccepted>())!.CreditId;
        var money = await WaitForCreditAsync(worker, credit, WorkerCreditStatus.Posted);
        var reused = await changed.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        var missing = await unkeyed.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, retry.StatusCode));
        Assert.Equal(credit, (await retry.Content.ReadFromJsonAsync<WorkerCreditAccepted>())!.CreditId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Equal(["amount", "reason"], reused!.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, unkeyed.StatusCode);
        Assert.Contains("Idempotency-Key", missing!.Errors.Keys);
        Assert.Single(money.Credits);
        Assert.Equal([new WorkerBalanceResponse("EUR", 30.00m)], money.Balances);
    }

    [Fact]
    public async Task CreditToNoWorker_IsA404NamingWorkerId_AndPostsNothing()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        var nobody = Guid.NewGuid().ToString();

        using var toNobody = await PostCreditAsync(manager, nobody, Guid.NewGuid().ToString(), new { amount = 10.00m, currency = "EUR", reason = "Bonus." });
        using var toAManager = await PostCreditAsync(manager, manager.Id, Guid.NewGuid().ToString(), new { amount = 10.00m, currency = "EUR", reason = "Bonus." });
        var problem = await toNobody.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (toNobody.StatusCode, toAManager.StatusCode));
        Assert.Contains("workerId", problem!.Detail, StringComparison.Ordinal);
        Assert.False(await flow.WithAsync<InvoicingDbContext, bool>(db => db.WorkerCredits.AnyAsync(credit => credit.WorkerId == nobody || credit.WorkerId == manager.Id)));
    }

    [Fact]
    public async Task TheApprovalThreshold_IsTheCreditsCurrencys()
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);

        var yen = await WaitForCreditAsync(worker, await CreditAsync(manager, worker.Id, 5000m, "Bonus in yen.", "JPY"), WorkerCreditStatus.Posted);
        var euros = await WaitForCreditAsync(worker, await CreditAsync(manager, worker.Id, 5000m, "Bonus in euros.", "EUR"), WorkerCreditStatus.AwaitingApproval);

        Assert.Equal([new WorkerBalanceResponse("JPY", 5000m)], yen.Balances);
        Assert.Equal(yen.Balances, euros.Balances);
    }

    [Theory]
    [InlineData("""{ "currency": "EUR", "reason": "Bonus." }""", "amount")]
    [InlineData("""{ "amount": 0, "currency": "EUR", "reason": "Bonus." }""", "amount")]
    [InlineData("""{ "amount": 10.001, "currency": "EUR", "reason": "Bonus." }""", "amount")]
    [InlineData("""{ "amount": 10, "currency": "XXX", "reason": "Bonus." }""", "currency")]
    [InlineData("""{ "amount": 10, "currency": "EUR", "reason": " " }""", "reason")]
    public async Task BadCredit_IsA400NamingTheField_AndPostsNothing(string body, string field)
    {
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);
        var workerId = Guid.NewGuid().ToString();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/workers/{workerId}/credits") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await manager.Http.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, problem!.Errors.Keys);
        Assert.False(await flow.WithAsync<InvoicingDbContext, bool>(db => db.WorkerCredits.AnyAsync(credit => credit.WorkerId == workerId)));
    }

    private async Task<Party> SecondManagerAsync()
    {
        var http = await fixture.Host.CreateClientWithNewAccountAsync(PlatformRoles.Manager);
        var me = await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/auth/me");
        return new Party(http, me!["id"]!.GetValue<string>());
    }

    internal static async Task<Guid> CreditAsync(Party manager, string workerId, decimal amount, string reason, string currency = "EUR")
    {
        using var response = await PostCreditAsync(manager, workerId, Guid.NewGuid().ToString(), new { amount, currency, reason });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<WorkerCreditAccepted>())!.CreditId;
    }

    private static Task<HttpResponseMessage> PostCreditAsync(Party manager, string workerId, string? idempotencyKey, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/workers/{workerId}/credits") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return manager.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> DecideAsync(Party manager, Guid creditId, bool approved) =>
        manager.Http.PostAsJsonAsync($"/api/worker-credits/{creditId}/decision", new { approved, note = "Looked at it." });

    /// <summary>Polls the worker's own money view until the credit has <paramref name="status"/>.</summary>
    internal static async Task<WorkerMoneyResponse> WaitForCreditAsync(Party worker, Guid creditId, WorkerCreditStatus status)
    {
        var deadline = DateTimeOffset.UtcNow + WaitLimit;
        while (true)
        {
            var money = (await worker.Http.GetFromJsonAsync<WorkerMoneyResponse>("/api/workers/me/money"))!;
            var credit = money.Credits.SingleOrDefault(credit => credit.Id == creditId);
            if (credit?.Status == status)
            {
                return money;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"Credit {creditId} never became {status}; it is {credit?.Status.ToString() ?? "not recorded"}.");
            await Task.Delay(50);
        }
    }

    /// <summary>The status the credit's workflow ended with, once it has sent its last notice.</summary>
    private async Task<WorkerCreditStatus> EndOfAsync(Guid creditId)
    {
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        return await temporal.GetWorkflowHandle<WorkerCreditWorkflow>(WorkerCreditWorkflow.WorkflowId(creditId)).GetResultAsync<WorkerCreditStatus>().WaitAsync(WaitLimit);
    }

    private Task<List<string>> SubjectsAsync(string recipient, string workerId) =>
        flow.WithAsync<OnboardingDbContext, List<string>>(db => db.Notifications
            .Where(message => message.Recipient == recipient && message.Reference == InvoicingEvents.WorkerStream(workerId))
            .Select(message => message.Subject)
            .ToListAsync());
}
