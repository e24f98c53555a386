using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// A manager settles an invoice in dunning or overdue outside Golden Hat: paid by bank transfer or cash, or written
/// off. The invoice's workflow takes it as an update, so its collection ends and no charge can succeed beside it
/// (docs/invoicing.md, "Settling an invoice outside Golden Hat").
/// </summary>
public static class SettlementEndpoints
{
    public static IEndpointRouteBuilder MapSettlementEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/invoices").WithTags("Invoicing")
            .MapPost("/{id:guid}/settlement", SettleAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Settle an invoice in dunning or overdue outside Golden Hat: paid by bank transfer or cash (the amount due, a reference, the day), or written off (a reason) (manager).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject
            {
                ["kind"] = nameof(SettlementKind.PaidOutsideGoldenHat),
                ["amount"] = 53.55m,
                ["reference"] = "Bank transfer 2026-12-07 #4711",
                ["paidOn"] = "2026-12-07",
            });
        return endpoints;
    }

    private static async Task<Results<Ok<SettlementResponse>, ValidationProblem, ProblemHttpResult>> SettleAsync(
        Guid id, SettlementBody body, HttpRequest http, ClaimsPrincipal user, InvoicingDbContext db, TemporalClientProvider temporal, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Read(http, errors);
        Validate(body, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var manager = user.AccountId();
        var request = new InvoiceSettlement(
            IdempotencyKeys.IdFor("settlement", manager, key!), id, body.Kind!.Value, body.Amount, body.Reference?.Trim(), body.PaidOn, Trimmed(body.Reason), manager);
        if (await db.InvoiceSettlements.AsNoTracking().SingleOrDefaultAsync(settlement => settlement.Id == request.SettlementId, cancellationToken) is { } first)
        {
            // A retry, answered as the first request was if it asks for the same settlement.
            if (first.AsRequested().Differences(request) is { Count: > 0 } differing)
            {
                return IdempotencyKeys.Reused(differing);
            }

            return TypedResults.Ok(SettlementResponse.Of(first, staff: true));
        }

        var invoice = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(invoice => invoice.Id == id, cancellationToken);
        if (invoice is null)
        {
            return TypedResults.Problem($"There is no invoice '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (request.Amount is { } amount && !Money.IsExact(amount, invoice.Currency))
        {
            errors.Add("amount", $"'amount' {amount} has more decimals than {invoice.Currency}, the invoice's currency, has minor-unit digits.");
        }

        if (request.PaidOn is { } paidOn && paidOn < DateOnly.FromDateTime(invoice.IssuedAt.UtcDateTime))
        {
            errors.Add("paidOn", $"'paidOn' {paidOn:yyyy-MM-dd} is before invoice {invoice.Number} was issued ({invoice.IssuedAt:yyyy-MM-dd}).");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // A settled invoice's workflow has ended; its answer would only be that there is no open invoice.
        if (invoice.Status.IsSettled())
        {
            return TypedResults.Problem(
                $"Invoice {invoice.Number} is {invoice.Status}: only an invoice in dunning or overdue is settled outside Golden Hat.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Not possible now");
        }

        var client = await temporal.GetClientAsync(cancellationToken);
        var handle = client.GetWorkflowHandle<InvoiceWorkflow>(InvoiceWorkflow.WorkflowId(invoice.OrderId));
        var (_, problem) = await InvoiceUpdates.RunAsync(() => handle.ExecuteUpdateAsync(workflow => workflow.SettleAsync(request)));
        if (problem is not null)
        {
            return problem;
        }

        // The update answers once the workflow has stored the settlement.
        var settled = await db.InvoiceSettlements.AsNoTracking().SingleAsync(settlement => settlement.Id == request.SettlementId, cancellationToken);
        return TypedResults.Ok(SettlementResponse.Of(settled, staff: true));
    }

    /// <summary>What each kind needs, and what it must not have; the amount's currency and the invoice's dates are checked against the invoice.</summary>
    private static void Validate(SettlementBody body, DateOnly today, ValidationErrors errors)
    {
        switch (body.Kind)
        {
            case null:
                errors.Add("kind", $"'kind' is required: {nameof(SettlementKind.PaidOutsideGoldenHat)} (a bank transfer or cash) or {nameof(SettlementKind.WrittenOff)} (a bad debt).");
                break;
            case SettlementKind.PaidOutsideGoldenHat:
                if (body.Amount is not > 0m)
                {
                    errors.Add("amount", "'amount' is required and above 0: what the client paid, the amount due on the invoice.");
                }

                errors.Required("reference", body.Reference, InvoiceSettlement.MaxReferenceLength);
                if (body.PaidOn is null)
                {
                    errors.Add("paidOn", "'paidOn' is required: the day the money came in (yyyy-MM-dd).");
                }
                else if (body.PaidOn > today)
                {
                    errors.Add("paidOn", $"'paidOn' {body.PaidOn:yyyy-MM-dd} is in the future; record a payment once it came in.");
                }

                if (body.Reason?.Length > InvoiceSettlement.MaxReasonLength)
                {
                    errors.Add("reason", $"'reason' must be at most {InvoiceSettlement.MaxReasonLength} characters.");
                }

                break;
            case SettlementKind.WrittenOff:
                errors.Required("reason", body.Reason, InvoiceSettlement.MaxReasonLength);
                foreach (var (field, given) in new (string, bool)[] { ("amount", body.Amount is not null), ("reference", body.Reference is not null), ("paidOn", body.PaidOn is not null) })
                {
                    if (given)
                    {
                        errors.Add(field, $"'{field}' belongs to a payment outside Golden Hat; a write-off settles the whole amount due and takes none.");
                    }
                }

                break;
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
