using System.Globalization;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Reconciliation;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Invoicing;

/// <summary>What the daily reconciliation of Golden Hat's settlement report found, for ops (docs/payouts.md, "Reconciliation").</summary>
public static class SettlementReconciliationEndpoints
{
    private const int MaxListSize = 60;

    public static IEndpointRouteBuilder MapSettlementReconciliationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/settlement-reconciliations").WithTags("Invoicing").RequireRoles(PlatformRoles.Ops, PlatformRoles.Manager);
        group.MapGet("/", ListAsync).WithSummary("The reconciled days, newest first: lines matched and mismatches (ops, managers).");
        group.MapGet("/{date}", GetAsync).WithSummary("One day's reconciliation (yyyy-MM-dd, UTC) with every mismatch, Golden Hat's side and the ledger's (ops, managers).");
        return endpoints;
    }

    private static async Task<Ok<List<SettlementReconciliationResponse>>> ListAsync(InvoicingDbContext db, CancellationToken cancellationToken)
    {
        var days = await db.SettlementReconciliations.AsNoTracking().OrderByDescending(day => day.Date).Take(MaxListSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(days.Select(day => ToResponse(day, [])).ToList());
    }

    private static async Task<Results<Ok<SettlementReconciliationResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string date, InvoicingDbContext db, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new ValidationErrors().Add("date", "Give the day as yyyy-MM-dd.").ToProblem();
        }

        if (await db.SettlementReconciliations.AsNoTracking().SingleOrDefaultAsync(run => run.Date == day, cancellationToken) is not { } run)
        {
            return TypedResults.Problem($"The settlement of {date} has not been reconciled.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var mismatches = await db.SettlementMismatches.AsNoTracking().Where(mismatch => mismatch.Date == day)
            .OrderBy(mismatch => mismatch.Kind).ThenBy(mismatch => mismatch.LineKind).ThenBy(mismatch => mismatch.GoldenHatId).ToListAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(run, mismatches));
    }

    private static SettlementReconciliationResponse ToResponse(SettlementReconciliation run, List<SettlementMismatch> mismatches) => new(
        run.Date,
        run.ReconciledAt,
        run.LinesMatched,
        run.Mismatches,
        [.. mismatches.Select(mismatch => new SettlementMismatchResponse(
            mismatch.Kind,
            mismatch.LineKind,
            mismatch.GoldenHatId,
            mismatch.GoldenHatAmount is { } reported ? new GoldenHatSideResponse(mismatch.GoldenHatReference!, mismatch.GoldenHatCurrency!, reported) : null,
            mismatch.LedgerAmount is { } booked ? new LedgerSideResponse(mismatch.LedgerEntryId!.Value, mismatch.LedgerEntryKey!, mismatch.LedgerDescription!, mismatch.LedgerCurrency!, booked) : null))]);
}

/// <param name="Mismatches">Empty in the list of days; each one in a day's answer.</param>
public sealed record SettlementReconciliationResponse(DateOnly Date, DateTimeOffset ReconciledAt, int LinesMatched, int MismatchCount, List<SettlementMismatchResponse> Mismatches);

/// <param name="GoldenHat">Golden Hat's line; null when Golden Hat does not report it.</param>
/// <param name="Ledger">The ledger's side; null when the ledger has no entry for it.</param>
public sealed record SettlementMismatchResponse(SettlementMismatchKind Kind, string LineKind, string GoldenHatId, GoldenHatSideResponse? GoldenHat, LedgerSideResponse? Ledger);

public sealed record GoldenHatSideResponse(string Reference, string Currency, decimal Amount);

/// <param name="EntryKey">The journal entry's idempotency key: the workflow step that booked it.</param>
public sealed record LedgerSideResponse(Guid EntryId, string EntryKey, string Description, string Currency, decimal Amount);
