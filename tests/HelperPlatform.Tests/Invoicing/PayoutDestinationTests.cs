using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Onboarding;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Tests.Ordering;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.EntityFrameworkCore;
using Temporalio.Client;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Workers' payout destinations: a first one is payable at once; a change is told to the worker and held for the cooling period.</summary>
public sealed class PayoutDestinationTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly OrderFlow flow = new(fixture.Host);

    [Fact]
    public async Task FirstDestination_IsPayableAtOnce_AChangeIsToldAndHeldForTheCoolingPeriod()
    {
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        using var manager = await flow.SignInAsync(PlatformRoles.Manager);

        var first = await RegisterAsync(worker, TestTokens.DestinationPays);
        var firstRecorded = await EndOfAsync(first);
        var changed = await RegisterAsync(worker, TestTokens.DestinationClosed);
        var change = await EndOfAsync(changed);
        var current = await worker.Http.GetFromJsonAsync<PayoutDestinationResponse>("/api/workers/me/payout-destination");
        var asManager = await manager.Http.GetFromJsonAsync<PayoutDestinationResponse>($"/api/workers/{worker.Id}/payout-destination");

        Assert.False(firstRecorded.Replaced);
        Assert.True(change.Replaced);
        Assert.Equal((changed, TestTokens.DestinationClosed, "0000"), (current!.Id, current.Token, current.Last4));
        Assert.Equal(current.RegisteredAt + TimeSpan.FromDays(2), current.PayableFrom);
        Assert.Equal(current, asManager);
        Assert.Equal(["Payout account changed"], await SubjectsAsync(worker.Id));
    }

    [Fact]
    public async Task TheCurrentDestinationAgain_ChangesNothing()
    {
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);
        var first = await RegisterAsync(worker, TestTokens.DestinationPays);
        await EndOfAsync(first);

        var again = await RegisterAsync(worker, TestTokens.DestinationPays);

        Assert.Equal(first, again);
        Assert.Equal(1, await flow.WithAsync<InvoicingDbContext, int>(db => db.PayoutDestinations.CountAsync(destination => destination.WorkerId == worker.Id)));
        Assert.Empty(await SubjectsAsync(worker.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pd nobody")]
    [InlineData("pd_nobody")]
    public async Task UnknownOrMalformedToken_IsA400NamingToken_AndStoresNothing(string? token)
    {
        using var worker = await flow.SignInAsync(PlatformRoles.Worker);

        using var response = await worker.Http.PutAsJsonAsync("/api/workers/me/payout-destination", new { token });
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        using var none = await worker.Http.GetAsync("/api/workers/me/payout-destination");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("token", problem!.Errors.Keys);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    private static async Task<Guid> RegisterAsync(Party worker, string token)
    {
        using var response = await worker.Http.PutAsJsonAsync("/api/workers/me/payout-destination", new { token });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PayoutDestinationAccepted>())!.Id;
    }

    /// <summary>What the destination's workflow recorded, once it has sent its notice.</summary>
    private async Task<PayoutDestinationRecorded> EndOfAsync(Guid destinationId)
    {
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(fixture.Host.Temporal.Address));
        return await temporal.GetWorkflowHandle<PayoutDestinationWorkflow>(PayoutDestinationWorkflow.WorkflowId(destinationId)).GetResultAsync<PayoutDestinationRecorded>().WaitAsync(WaitLimit);
    }

    private Task<List<string>> SubjectsAsync(string workerId) =>
        flow.WithAsync<OnboardingDbContext, List<string>>(db => db.Notifications
            .Where(message => message.Recipient == workerId && message.Reference == InvoicingEvents.WorkerStream(workerId))
            .Select(message => message.Subject)
            .ToListAsync());
}
