using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Refunds;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// A manager's refund of a paid invoice (goodwill, a complaint after the fact): stored against what is left to refund,
/// then refunded and booked by <see cref="RefundWorkflow"/> (docs/invoicing.md, "Refunds of paid invoices").
/// </summary>
public static class RefundEndpoints
{
    public static IEndpointRouteBuilder MapRefundEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/invoices").WithTags("Invoicing")
            .MapPost("/{id:guid}/refunds", RefundAsync).RequireRoles(PlatformRoles.Manager)
            .WithSummary("Refund (part of) a paid invoice to the client's card, up to what is left to refund; Golden Hat refunds it, then a credit note documents it (manager).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["amount"] = 10.00m, ["reason"] = "Goodwill: the worker arrived an hour late." });
        return endpoints;
    }

    private static async Task<Results<Accepted<RefundAccepted>, ValidationProblem, ProblemHttpResult>> RefundAsync(
        Guid id, RefundBody body, HttpRequest http, ClaimsPrincipal user, InvoicingDbContext db, TemporalClientProvider temporal, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var key = IdempotencyKeys.Read(http, errors);
        if (body.Amount is not > 0m)
        {
            errors.Add("amount", "'amount' is required and above 0: what goes back to the client's card, tax included.");
        }

        errors.Required("reason", body.Reason, RefundRequest.MaxReasonLength);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var manager = user.AccountId();
        var refundId = IdempotencyKeys.IdFor("refund", manager, key!);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked until the commit, so concurrent refunds of one invoice count each other against what is left.
        var invoice = await db.Invoices.FromSql($"SELECT * FROM invoicing.invoices WHERE id = {id} FOR UPDATE").AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (invoice is null)
        {
            return TypedResults.Problem($"There is no invoice '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var amount = body.Amount!.Value;
        if (!Money.IsExact(amount, invoice.Currency))
        {
            return errors.Add("amount", $"'amount' {amount} has more decimals than {invoice.Currency}, the invoice's currency, has minor-unit digits.").ToProblem();
        }

        var request = new RefundRequest(
            refundId, invoice.Id, invoice.Number, invoice.OrderId, invoice.ClientId, invoice.ChargeId!, invoice.Currency, amount, body.Reason!.Trim(), manager, time.GetUtcNow());
        if (await db.Refunds.AsNoTracking().SingleOrDefaultAsync(refund => refund.Id == refundId, cancellationToken) is { } first)
        {
            // A retry: answered as the first request was, if it asks for the same refund, and its workflow started
            // should the first request have stopped before starting it.
            var asked = request with { InvoiceId = first.InvoiceId, Amount = first.Amount, Reason = first.Reason, RequestedAt = first.RequestedAt };
            if (asked.Differences(request) is { Count: > 0 } differing)
            {
                return IdempotencyKeys.Reused(differing);
            }

            await transaction.CommitAsync(cancellationToken);
            await RefundWorkflowStart.StartAsync(temporal, asked, cancellationToken);
            return Accepted(asked);
        }

        if (invoice.Status != InvoiceStatus.Paid)
        {
            return TypedResults.Problem(
                $"Invoice {invoice.Number} is {invoice.Status}: only a paid invoice is refunded. An unpaid invoice is corrected by a credit note before it is charged (a failed quality check credits its share).",
                statusCode: StatusCodes.Status409Conflict,
                title: "Not paid");
        }

        var charged = invoice.Total - await db.CreditNotes.Where(note => note.InvoiceId == id && note.RefundId == null).SumAsync(note => note.Amount, cancellationToken);
        var refunding = await db.Refunds.Where(refund => refund.InvoiceId == id && refund.Status != RefundStatus.Failed).SumAsync(refund => refund.Amount, cancellationToken);
        if (amount > charged - refunding)
        {
            return errors.Add("amount", string.Create(
                CultureInfo.InvariantCulture,
                $"'amount' {amount} is more than is left to refund on invoice {invoice.Number}: {charged - refunding} {invoice.Currency} (charged {charged}, refunded or being refunded {refunding}).")).ToProblem();
        }

        db.Refunds.Add(new Refund
        {
            Id = request.RefundId,
            InvoiceId = request.InvoiceId,
            Currency = request.Currency,
            Amount = request.Amount,
            Reason = request.Reason,
            RequestedBy = request.RequestedBy,
            RequestedAt = request.RequestedAt,
            Status = RefundStatus.Requested,
            UpdatedAt = request.RequestedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        try
        {
            await RefundWorkflowStart.StartAsync(temporal, request, cancellationToken);
        }
        catch (Exception e) when (InfrastructureUnavailableExceptionHandler.Unavailable(e) is not null)
        {
            // The 503 says nothing was done, so the refund is dropped before UnstartedRefundStarter's margin has passed;
            // a retry with the same key stores and starts it.
            await db.Refunds.Where(refund => refund.Id == request.RefundId && refund.Status == RefundStatus.Requested).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }

        return Accepted(request);
    }

    private static Accepted<RefundAccepted> Accepted(RefundRequest request) =>
        TypedResults.Accepted($"/api/invoices/{request.InvoiceId}", new RefundAccepted(request.RefundId, request.InvoiceId, RefundStatus.Requested));
}
