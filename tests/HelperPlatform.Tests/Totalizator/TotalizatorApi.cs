using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Totalizator;
using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Host.Totalizator;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace HelperPlatform.Tests.Totalizator;

/// <summary>A manager signed in over HTTP, with the id their wallet is kept under.</summary>
public sealed record Manager(string Id, HttpClient Client);

/// <summary>The Totalizator's API as the tests drive it: managers, grants, markets, bets.</summary>
public static class TotalizatorApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A new manager account, signed in, whose wallet ops granted <paramref name="points"/>.</summary>
    public static async Task<Manager> NewManagerAsync(this PlatformHost host, HttpClient ops, decimal points)
    {
        var email = $"manager-{Guid.NewGuid():N}@example.test";
        string id;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();
            var user = new PlatformUser { UserName = email, Email = email, DisplayName = "Manager", CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, PlatformHost.StaffPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, PlatformRoles.Manager)).Succeeded);
            id = user.Id.ToString();
        }

        var client = host.CreateClient();
        var token = await PlatformHost.SignInAsync(client, email, PlatformHost.StaffPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        if (points > 0m)
        {
            using var granted = await ops.PostAsJsonAsync($"/api/totalizator/wallets/{id}/grants", new { grantId = Guid.NewGuid(), points });
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        }

        return new Manager(id, client);
    }

    public static async Task<Guid> OpenMarketAsync(this Manager manager, IReadOnlyList<string> outcomes, DateTimeOffset closesAt, decimal takeoutRate)
    {
        using var response = await manager.Client.PostAsJsonAsync("/api/totalizator/markets", new { title = "Test market", outcomes, closesAt, takeoutRate });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var marketId = (await response.Content.ReadFromJsonAsync<MarketOpened>(Json))!.MarketId;
        await Eventually(async () => (await manager.Client.GetAsync($"/api/totalizator/markets/{marketId}")).StatusCode == HttpStatusCode.OK);
        return marketId;
    }

    public static async Task<Guid> BetAsync(this Manager manager, Guid marketId, int outcome, decimal stake)
    {
        using var response = await manager.Client.PostAsJsonAsync($"/api/totalizator/markets/{marketId}/bets", new { outcome, stake });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BetAccepted>(Json))!.BetId;
    }

    /// <summary>Waits until the market's workflow decided the bet, and answers it.</summary>
    public static async Task<BetResponse> DecidedBetAsync(this Manager manager, Guid betId)
    {
        BetResponse? bet = null;
        await Eventually(async () =>
        {
            bet = await manager.Client.GetFromJsonAsync<BetResponse>($"/api/totalizator/bets/{betId}", Json);
            return bet!.State != BetState.Submitted;
        });
        return bet!;
    }

    public static async Task<MarketBoard> BoardAsync(this Manager manager, Guid marketId) =>
        (await manager.Client.GetFromJsonAsync<MarketBoard>($"/api/totalizator/markets/{marketId}", Json))!;

    public static async Task<decimal> BalanceAsync(this Manager manager) =>
        (await manager.Client.GetFromJsonAsync<WalletHistory>("/api/totalizator/wallets/me", Json))!.Balance;

    /// <summary>A close time an hour ahead of the host's workflow clock, which earlier skips may have moved past the wall clock.</summary>
    public static DateTimeOffset InAnHour(this PlatformHost host) => host.Temporal.Now.AddHours(1);

    /// <summary>Skips the host's workflow clock past the market's close timer and waits until the market is no longer open.</summary>
    public static async Task CloseAsync(this PlatformHost host, Manager reader, Guid marketId, DateTimeOffset closesAt)
    {
        await host.SkipPastTimerAsync(MarketWorkflow.WorkflowId(marketId), closesAt - host.Temporal.Now + TimeSpan.FromSeconds(1));
        await Eventually(async () => (await reader.BoardAsync(marketId)).State != MarketState.Open);
    }

    /// <summary>A bet stored as the API stores it before it signals the market's workflow, and not signalled.</summary>
    public static async Task<BetSubmission> StoreSubmittedBetAsync(this PlatformHost host, Guid marketId, Manager bettor, int outcome, decimal stake)
    {
        var bet = new Bet { Id = Guid.NewGuid(), MarketId = marketId, BettorId = bettor.Id, Outcome = outcome, Stake = stake, State = BetState.Submitted, SubmittedAt = DateTimeOffset.UtcNow };
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TotalizatorDbContext>();
        db.Bets.Add(bet);
        await db.SaveChangesAsync();
        return new BetSubmission(bet.Id, bet.BettorId, bet.Outcome, bet.Stake);
    }

    /// <summary>Signals <paramref name="bet"/> to its market's workflow, as the API (or the bet reconciliation) does.</summary>
    public static async Task SignalBetAsync(this PlatformHost host, Guid marketId, BetSubmission bet)
    {
        var temporal = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(host.Temporal.Address));
        await temporal.GetWorkflowHandle<MarketWorkflow>(MarketWorkflow.WorkflowId(marketId)).SignalAsync(workflow => workflow.SubmitBetAsync(bet));
    }

    /// <summary>Every account of the book together: the house issued what the wallets and pools hold, so the sum is zero.</summary>
    public static async Task<decimal> SumOfAllAccountsAsync(this PlatformHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TotalizatorDbContext>().Accounts.SumAsync(account => account.Balance);
    }

    public static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The condition did not hold within 30 s.");
            await Task.Delay(25);
        }
    }
}
