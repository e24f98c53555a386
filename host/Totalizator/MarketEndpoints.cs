using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Totalizator;
using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Platform;
using HelperPlatform.Workflows.Totalizator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace HelperPlatform.Host.Totalizator;

/// <summary>Markets: opening one, the tote board, placing bets (Bet placed, asynchronously), resolving and cancelling.</summary>
public static class MarketEndpoints
{
    public static IEndpointRouteBuilder MapMarketEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/totalizator/markets").WithTags("Totalizator");
        group.MapPost("/", OpenAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Open a market: a durable workflow takes bets until the close time, then waits for the winner (manager).")
            .WithRequestExample(() => new JsonObject
            {
                ["title"] = "Which kit runs out first this week?",
                ["outcomes"] = new JsonArray("Chocolate", "Oatmeal", "Ginger"),
                ["closesAt"] = "2030-01-01T18:00:00Z",
                ["takeoutRate"] = 0.1425,
            });
        group.MapPost("/order-count", OpenOrderCountAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Open a market on how many orders complete in a period, resolved from Ordering's journal after the period (manager).")
            .WithRequestExample(() => new JsonObject
            {
                ["title"] = "Orders completed on New Year's Day",
                ["closesAt"] = "2030-01-01T00:00:00Z",
                ["takeoutRate"] = 0.1,
                ["periodStart"] = "2030-01-01T00:00:00Z",
                ["periodEnd"] = "2030-01-02T00:00:00Z",
                ["countBounds"] = new JsonArray(10, 20),
            });
        group.MapPost("/quality-review", OpenQualityReviewAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Open a market on whether an order passes its quality review, resolved when the verdict is recorded; cancelled when the order ends without one (manager).")
            .WithRequestExample(() => new JsonObject
            {
                ["title"] = "Does the tea party pass its review?",
                ["closesAt"] = "2030-01-01T18:00:00Z",
                ["takeoutRate"] = 0.05,
                ["orderId"] = "6f9619ff-8b86-d011-b42d-00c04fc964ff",
            });
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Markets, the soonest to close first, optionally by state and by who opened them (managers, ops).");
        group.MapGet("/{marketId:guid}", BoardAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("A market's tote board: the pool per outcome and the price it would pay if the market closed now; the settlement once settled (managers, ops).");
        group.MapGet("/{marketId:guid}/bets", BetsAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("A market's bets in the order its workflow took them (managers, ops).");
        group.MapPost("/{marketId:guid}/bets", PlaceBetAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Place a bet: accepted at once (202 with the bet's id); the market's workflow places it (BetPlaced) or refuses it, in arrival order (manager).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["outcome"] = 1, ["stake"] = 12.50 });
        group.MapPost("/{marketId:guid}/resolution", ResolveAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Declare the winning outcome after the close; the market is settled and paid out before the answer (a manager who did not stake on it).")
            .ProducesMarketRefusals()
            .WithRequestExample(() => new JsonObject { ["winningOutcome"] = 1 });
        group.MapPost("/{marketId:guid}/cancellation", CancelAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Cancel a market before it is resolved: every stake is refunded (manager).")
            .ProducesMarketRefusals();
        return endpoints;
    }

    private static Task<Results<Accepted<MarketOpened>, ValidationProblem>> OpenAsync(
        MarketBody body, ClaimsPrincipal user, TemporalClientProvider temporal, TimeProvider clock, IOptions<TotalizatorSettings> settings, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var outcomes = body.Outcomes ?? [];
        if (outcomes.Count is < MarketPlan.MinimumOutcomes or > MarketPlan.MaximumOutcomes)
        {
            errors.Add("outcomes", $"'outcomes' must name {MarketPlan.MinimumOutcomes} to {MarketPlan.MaximumOutcomes} outcomes.");
        }

        for (var index = 0; index < outcomes.Count; index++)
        {
            errors.Required($"outcomes[{index}]", outcomes[index], TotalizatorDbContext.MaxOutcomeLength);
        }

        if (outcomes.Distinct(StringComparer.OrdinalIgnoreCase).Count() != outcomes.Count)
        {
            errors.Add("outcomes", "'outcomes' must differ from each other.");
        }

        var terms = new MarketTerms(body.Title, body.ClosesAt, body.TakeoutRate);
        return StartAsync(terms, errors, MarketResolver.ByManager, outcomes.Select(outcome => outcome?.Trim() ?? string.Empty).ToList(), MarketOpening.Of(user, temporal, clock, settings, cancellationToken));
    }

    private static Task<Results<Accepted<MarketOpened>, ValidationProblem>> OpenOrderCountAsync(
        OrderCountMarketBody body, ClaimsPrincipal user, TemporalClientProvider temporal, TimeProvider clock, IOptions<TotalizatorSettings> settings, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body.PeriodStart is not { } start || body.PeriodEnd is not { } end || end <= start)
        {
            errors.Add("periodEnd", "'periodStart' and 'periodEnd' are required, the end after the start.");
        }
        else if (body.ClosesAt is { } closesAt && closesAt > end)
        {
            errors.Add("closesAt", "'closesAt' must not be after 'periodEnd': bets close before the count is known.");
        }

        var bounds = body.CountBounds ?? [];
        if (bounds.Count is < MarketPlan.MinimumOutcomes - 1 or > MarketPlan.MaximumOutcomes - 1 || bounds[0] < 1 || bounds.Zip(bounds.Skip(1)).Any(pair => pair.Second <= pair.First))
        {
            errors.Add("countBounds", $"'countBounds' must be 1 to {MarketPlan.MaximumOutcomes - 1} increasing counts above 0, where each range after the first starts (e.g. [10, 20]: 0–9, 10–19, 20 or more).");
        }

        var resolver = new MarketResolver(ResolutionKind.OrderCount, body.PeriodStart?.ToUniversalTime(), body.PeriodEnd?.ToUniversalTime(), bounds);
        var terms = new MarketTerms(body.Title, body.ClosesAt, body.TakeoutRate);
        return StartAsync(terms, errors, resolver, errors.IsValid ? MarketResolver.CountOutcomes(bounds) : [], MarketOpening.Of(user, temporal, clock, settings, cancellationToken));
    }

    private static Task<Results<Accepted<MarketOpened>, ValidationProblem>> OpenQualityReviewAsync(
        QualityReviewMarketBody body, ClaimsPrincipal user, TemporalClientProvider temporal, TimeProvider clock, IOptions<TotalizatorSettings> settings, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body.OrderId is null || body.OrderId == Guid.Empty)
        {
            errors.Add("orderId", "'orderId' is required: the order whose quality review decides the market.");
        }

        var terms = new MarketTerms(body.Title, body.ClosesAt, body.TakeoutRate);
        var resolver = new MarketResolver(ResolutionKind.QualityReview, OrderId: body.OrderId);
        return StartAsync(terms, errors, resolver, [.. MarketResolver.ReviewOutcomes], MarketOpening.Of(user, temporal, clock, settings, cancellationToken));
    }

    /// <summary>Checks what every market has (title, close time, takeout) and starts the market's workflow.</summary>
    private static async Task<Results<Accepted<MarketOpened>, ValidationProblem>> StartAsync(
        MarketTerms terms, ValidationErrors errors, MarketResolver resolver, List<string> outcomes, MarketOpening opening)
    {
        var now = opening.Clock.GetUtcNow();
        errors.Required("title", terms.Title, TotalizatorDbContext.MaxTitleLength);
        if (terms.ClosesAt is not { } closesAt || closesAt <= now)
        {
            errors.Add("closesAt", "'closesAt' is required and must be in the future.");
        }

        if (terms.TakeoutRate is not { } rate || rate < 0m || rate > MarketPlan.MaximumTakeoutRate || decimal.Round(rate, 4) != rate)
        {
            errors.Add("takeoutRate", $"'takeoutRate' is required: a fraction from 0 to {MarketPlan.MaximumTakeoutRate} with at most four decimals (0.1425 is 14.25 %).");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var plan = new MarketPlan(
            Guid.NewGuid(), terms.Title!.Trim(), outcomes, terms.ClosesAt!.Value.ToUniversalTime(),
            terms.TakeoutRate!.Value, resolver, opening.Rules, opening.User.AccountId(), now);
        var client = await opening.Temporal.GetClientAsync(opening.CancellationToken);
        await client.StartWorkflowAsync(
            (MarketWorkflow workflow) => workflow.RunAsync(plan),
            new WorkflowOptions(MarketWorkflow.WorkflowId(plan.MarketId), BoundedContext.Totalizator.TaskQueue())
            {
                IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                Rpc = new RpcOptions { CancellationToken = opening.CancellationToken },
            });
        return TypedResults.Accepted($"/api/totalizator/markets/{plan.MarketId}", new MarketOpened(plan.MarketId));
    }

    private sealed record MarketTerms(string? Title, DateTimeOffset? ClosesAt, decimal? TakeoutRate);

    /// <summary>What opening any kind of market needs beside its body: who opens it, Temporal, the clock and the settlement rules in force.</summary>
    private sealed record MarketOpening(
        ClaimsPrincipal User, TemporalClientProvider Temporal, TimeProvider Clock, SettlementRules Rules, CancellationToken CancellationToken)
    {
        public static MarketOpening Of(
            ClaimsPrincipal user, TemporalClientProvider temporal, TimeProvider clock, IOptions<TotalizatorSettings> settings, CancellationToken cancellationToken) =>
            new(user, temporal, clock, settings.Value.Rules, cancellationToken);
    }

    private static async Task<Ok<List<MarketSummary>>> ListAsync(
        TotalizatorDbContext db, MarketState? state, string? createdBy, CancellationToken cancellationToken)
    {
        var markets = db.Markets.AsNoTracking();
        if (state is { } wanted)
        {
            markets = markets.Where(market => market.State == wanted);
        }

        if (!string.IsNullOrEmpty(createdBy))
        {
            markets = markets.Where(market => market.CreatedBy == createdBy);
        }

        return TypedResults.Ok(await markets
            .OrderBy(market => market.ClosesAt)
            .Take(200)
            .Select(market => new MarketSummary(market.Id, market.Title, market.State, market.Resolution, market.ClosesAt, market.TakeoutRate, market.CreatedBy, market.WinningOutcome))
            .ToListAsync(cancellationToken));
    }

    private static async Task<Results<Ok<MarketBoard>, NotFound>> BoardAsync(Guid marketId, TotalizatorDbContext db, CancellationToken cancellationToken)
    {
        var market = await db.Markets.AsNoTracking().SingleOrDefaultAsync(market => market.Id == marketId, cancellationToken);
        if (market is null)
        {
            return TypedResults.NotFound();
        }

        var placed = await db.Bets.AsNoTracking()
            .Where(bet => bet.MarketId == marketId && bet.Sequence != null && bet.State != BetState.Refused)
            .GroupBy(bet => bet.Outcome)
            .Select(group => new { Outcome = group.Key, Pool = group.Sum(bet => bet.Stake), Count = group.Count() })
            .ToListAsync(cancellationToken);
        var pools = market.Outcomes.Select((_, outcome) => placed.Where(pool => pool.Outcome == outcome).Sum(pool => pool.Pool)).ToList();
        var prices = Settlement.Prices(pools, market.TakeoutRate, market.Rules);
        return TypedResults.Ok(new MarketBoard(
            market.Id, market.Title, market.State, market.Resolution, market.ClosesAt, market.TakeoutRate, market.CreatedBy, pools.Sum(), placed.Sum(pool => pool.Count),
            market.Outcomes.Select((label, outcome) => new OutcomeOnBoard(outcome, label, pools[outcome], prices[outcome])).ToList(),
            market.WinningOutcome, market.Price, market.Takeout, market.Breakage, market.MinusPool));
    }

    private static async Task<Ok<List<BetResponse>>> BetsAsync(Guid marketId, TotalizatorDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Bets.AsNoTracking()
                .Where(bet => bet.MarketId == marketId)
                .OrderBy(bet => bet.Sequence ?? long.MaxValue).ThenBy(bet => bet.SubmittedAt)
                .Take(5000)
                .ToListAsync(cancellationToken))
            .Select(BetResponses.From)
            .ToList());

    private static async Task<Results<Accepted<BetAccepted>, ValidationProblem, NotFound, ProblemHttpResult>> PlaceBetAsync(
        Guid marketId, BetBody body, ClaimsPrincipal user, TotalizatorDbContext db, TemporalClientProvider temporal, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (body.Outcome is null)
        {
            errors.Add("outcome", "'outcome' is required: the number of the outcome, from 0.");
        }

        if (body.Stake is not { } stake || stake < MarketPlan.MinimumStake || decimal.Round(stake, 2) != stake || stake > PointGrants.MaximumGrant)
        {
            errors.Add("stake", $"'stake' is required: at least {MarketPlan.MinimumStake:0.00} points, in hundredths.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var market = await db.Markets.AsNoTracking().SingleOrDefaultAsync(market => market.Id == marketId, cancellationToken);
        if (market is null)
        {
            return TypedResults.NotFound();
        }

        if (market.State != MarketState.Open || market.ClosesAt <= clock.GetUtcNow())
        {
            return Refusal(BetRefusal.MarketClosed, $"The market closed at {market.ClosesAt:O}; no bet is taken after the close.", StatusCodes.Status409Conflict);
        }

        if (body.Outcome < 0 || body.Outcome >= market.Outcomes.Count)
        {
            return Refusal(BetRefusal.UnknownOutcome, $"The market's outcomes are numbered 0 to {market.Outcomes.Count - 1}.", StatusCodes.Status422UnprocessableEntity);
        }

        var bettor = user.AccountId();
        var balance = await db.Accounts.AsNoTracking().Where(account => account.Id == Account.WalletId(bettor)).Select(account => account.Balance).SingleOrDefaultAsync(cancellationToken);
        if (balance < body.Stake)
        {
            return Refusal(BetRefusal.InsufficientBalance, $"Your wallet holds {balance:0.00} points, less than the stake.", StatusCodes.Status422UnprocessableEntity);
        }

        var bet = new Bet
        {
            Id = Guid.NewGuid(), MarketId = marketId, BettorId = bettor, Outcome = body.Outcome!.Value, Stake = body.Stake!.Value,
            State = BetState.Submitted, SubmittedAt = clock.GetUtcNow(),
        };
        db.Bets.Add(bet);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var client = await temporal.GetClientAsync(cancellationToken);
            await client.GetWorkflowHandle<MarketWorkflow>(MarketWorkflow.WorkflowId(marketId))
                .SignalAsync(workflow => workflow.SubmitBetAsync(new BetSubmission(bet.Id, bettor, bet.Outcome, bet.Stake)));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // The market's workflow ended after the read above: nothing was debited.
            bet.State = BetState.Refused;
            bet.Refusal = BetRefusal.MarketClosed;
            await db.SaveChangesAsync(CancellationToken.None);
            return Refusal(BetRefusal.MarketClosed, "The market has ended; no bet is taken after the close.", StatusCodes.Status409Conflict);
        }
        catch
        {
            // Temporal did not take it: the bet was never submitted, so it must not wait for a decision.
            db.Bets.Remove(bet);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        return TypedResults.Accepted($"/api/totalizator/bets/{bet.Id}", new BetAccepted(bet.Id, bet.State));
    }

    private static async Task<Results<Ok<MarketEnded>, ValidationProblem, ProblemHttpResult>> ResolveAsync(
        Guid marketId, ResolutionBody body, ClaimsPrincipal user, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        if (body.WinningOutcome is not { } winner)
        {
            return new ValidationErrors().Add("winningOutcome", "'winningOutcome' is required: the number of the winning outcome, from 0.").ToProblem();
        }

        var handle = (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle<MarketWorkflow>(MarketWorkflow.WorkflowId(marketId));
        var resolution = new MarketResolution(user.AccountId(), winner);
        var (state, problem) = await MarketUpdates.RunAsync(() => handle.ExecuteUpdateAsync(workflow => workflow.ResolveAsync(resolution)));
        return problem ?? (Results<Ok<MarketEnded>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(new MarketEnded(marketId, state));
    }

    private static async Task<Results<Ok<MarketEnded>, ProblemHttpResult>> CancelAsync(
        Guid marketId, ClaimsPrincipal user, TemporalClientProvider temporal, CancellationToken cancellationToken)
    {
        var handle = (await temporal.GetClientAsync(cancellationToken)).GetWorkflowHandle<MarketWorkflow>(MarketWorkflow.WorkflowId(marketId));
        var cancellation = new MarketCancellation(user.AccountId());
        var (state, problem) = await MarketUpdates.RunAsync(() => handle.ExecuteUpdateAsync(workflow => workflow.CancelAsync(cancellation)));
        return problem ?? (Results<Ok<MarketEnded>, ProblemHttpResult>)TypedResults.Ok(new MarketEnded(marketId, state));
    }

    private static ProblemHttpResult Refusal(BetRefusal refusal, string detail, int status) =>
        TypedResults.Problem(detail, statusCode: status, title: "Bet refused", extensions: new Dictionary<string, object?> { ["refusal"] = refusal.ToString() });
}
