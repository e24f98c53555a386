using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Totalizator;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Totalizator;

/// <summary>Wallets of points: a manager's own balance, history and bets, ops' grants, and the monthly leaderboard.</summary>
public static class WalletEndpoints
{
    public static IEndpointRouteBuilder MapWalletEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var wallets = endpoints.MapGroup("/api/totalizator/wallets").WithTags("Totalizator");
        wallets.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Ops)
            .WithSummary("Every wallet's balance (ops).");
        wallets.MapGet("/me", MineAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Your wallet: its balance and its movements, newest first (manager).");
        wallets.MapGet("/me/bets", MyBetsAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Your bets, newest first, each with its state (manager).");
        wallets.MapPost("/{managerId:guid}/grants", GrantAsync).RequireRoles(PlatformRoles.Ops)
            .WithSummary("Grant points to a manager's wallet, once per grantId (ops).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(() => new JsonObject { ["grantId"] = "0f8fad5b-d9cb-469f-a165-70867728950e", ["points"] = 100.00 });
        endpoints.MapGroup("/api/totalizator/leaderboard").WithTags("Totalizator")
            .MapGet("/", LeaderboardAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Net winnings per manager over the markets settled in a month (yyyy-MM, UTC; this month when absent) (managers, ops).");
        endpoints.MapGroup("/api/totalizator/bets").WithTags("Totalizator")
            .MapGet("/{betId:guid}", BetAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One bet and its state: Submitted until the market's workflow places or refuses it (its bettor, ops).");
        return endpoints;
    }

    private static async Task<Ok<List<WalletBalance>>> ListAsync(TotalizatorDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Accounts.AsNoTracking()
                .Where(account => account.Kind == AccountKind.Wallet)
                .OrderBy(account => account.Id)
                .Take(1000)
                .ToListAsync(cancellationToken))
            .Select(account => new WalletBalance(account.Id[Account.WalletId(string.Empty).Length..], account.Balance))
            .ToList());

    private static async Task<Ok<WalletHistory>> MineAsync(ClaimsPrincipal user, TotalizatorDbContext db, CancellationToken cancellationToken)
    {
        var manager = user.AccountId();
        var wallet = Account.WalletId(manager);
        var balance = await db.Accounts.AsNoTracking().Where(account => account.Id == wallet).Select(account => account.Balance).SingleOrDefaultAsync(cancellationToken);
        var movements = await db.Movements.AsNoTracking()
            .Where(movement => movement.FromAccount == wallet || movement.ToAccount == wallet)
            .OrderByDescending(movement => movement.OccurredAt)
            .Take(500)
            .Select(movement => new WalletMovement(
                movement.Key, movement.Kind, movement.ToAccount == wallet ? movement.Amount : -movement.Amount, movement.MarketId, movement.BetId, movement.OccurredAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new WalletHistory(manager, balance, movements));
    }

    private static async Task<Ok<List<BetResponse>>> MyBetsAsync(ClaimsPrincipal user, TotalizatorDbContext db, CancellationToken cancellationToken)
    {
        var manager = user.AccountId();
        return TypedResults.Ok((await db.Bets.AsNoTracking()
                .Where(bet => bet.BettorId == manager)
                .OrderByDescending(bet => bet.SubmittedAt)
                .Take(500)
                .ToListAsync(cancellationToken))
            .Select(BetResponses.From)
            .ToList());
    }

    private static async Task<Results<Ok<BetResponse>, NotFound>> BetAsync(Guid betId, ClaimsPrincipal user, TotalizatorDbContext db, CancellationToken cancellationToken)
    {
        var bet = await db.Bets.AsNoTracking().SingleOrDefaultAsync(bet => bet.Id == betId, cancellationToken);
        // Another manager's bet is answered as absent: only its bettor and ops follow a bet by its id.
        return bet is not null && (bet.BettorId == user.AccountId() || user.IsInRole(PlatformRoles.Ops)) ? TypedResults.Ok(BetResponses.From(bet)) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<WalletBalance>, ValidationProblem, NotFound, ProblemHttpResult>> GrantAsync(
        Guid managerId, GrantBody body, ClaimsPrincipal user, PointGrants grants, UserManager<PlatformUser> users, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body.GrantId is null || body.GrantId == Guid.Empty)
        {
            errors.Add("grantId", "'grantId' is required: a new id for each grant, the same when a grant is sent again.");
        }

        if (body.Points is not { } points || points < 0.01m || points > PointGrants.MaximumGrant || decimal.Round(points, 2) != points)
        {
            errors.Add("points", $"'points' is required: from 0.01 to {PointGrants.MaximumGrant.ToString("0", CultureInfo.InvariantCulture)}, in hundredths.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await users.FindByIdAsync(managerId.ToString()) is not { } account || !await users.IsInRoleAsync(account, PlatformRoles.Manager))
        {
            return TypedResults.NotFound();
        }

        var (outcome, balance) = await grants.GrantAsync(managerId.ToString(), body.Points!.Value, body.GrantId!.Value.ToString("N"), user.AccountId(), cancellationToken);
        return outcome == GrantOutcome.KeyReused
            ? TypedResults.Problem("This grantId was used for another grant.", statusCode: StatusCodes.Status409Conflict, title: "Grant id used")
            : TypedResults.Ok(new WalletBalance(managerId.ToString(), balance));
    }

    private static async Task<Results<Ok<List<LeaderboardLine>>, ValidationProblem>> LeaderboardAsync(
        string? month, TotalizatorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        DateTimeOffset start;
        if (month is null)
        {
            var now = clock.GetUtcNow();
            start = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        }
        else if (DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            start = new DateTimeOffset(parsed.Year, parsed.Month, 1, 0, 0, 0, TimeSpan.Zero);
        }
        else
        {
            return new ValidationErrors().Add("month", "'month' must be a month as yyyy-MM, e.g. 2026-12.").ToProblem();
        }

        var end = start.AddMonths(1);
        var settled = db.Markets.Where(market => market.State == MarketState.Settled && market.UpdatedAt >= start && market.UpdatedAt < end).Select(market => market.Id);
        var lines = await db.Bets.AsNoTracking()
            .Where(bet => settled.Contains(bet.MarketId) && (bet.State == BetState.Won || bet.State == BetState.Lost))
            .GroupBy(bet => bet.BettorId)
            .Select(group => new { ManagerId = group.Key, Net = group.Sum(bet => (bet.Returned ?? 0m) - bet.Stake), Bets = group.Count() })
            .OrderByDescending(line => line.Net).ThenBy(line => line.ManagerId)
            .Take(100)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(lines.Select((line, index) => new LeaderboardLine(index + 1, line.ManagerId, line.Net, line.Bets)).ToList());
    }
}
