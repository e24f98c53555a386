using System.Security.Claims;
using System.Text.Json.Nodes;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Activities.Invoicing.PaymentMethods;
using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using HelperPlatform.Host.Platform.Temporal;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Invoicing;

/// <summary>
/// Invoices as JSON and PDF: a client sees only their own (another's is answered as missing), managers and ops
/// every invoice, with who asked for its refunds and settled it, which a client is not shown; and a client's new
/// payment method for an invoice in dunning.
/// </summary>
public static class InvoiceEndpoints
{
    private const int MaxListSize = 200;

    public static IEndpointRouteBuilder MapInvoiceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/invoices").WithTags("Invoicing");
        group.MapGet("/", ListAsync).RequireRoles(PlatformRoles.Client, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("Invoices, newest first: a client's own, every invoice for managers and ops (filter by status, clientId).");
        group.MapGet("/{id:guid}", GetAsync).RequireRoles(PlatformRoles.Client, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One invoice with its lines, totals and credit notes (its client, managers, ops).");
        group.MapGet("/{id:guid}/pdf", GetPdfAsync).RequireRoles(PlatformRoles.Client, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One invoice as a PDF document (its client, managers, ops).")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        group.MapPost("/{id:guid}/payment-method", ChangePaymentMethodAsync).RequireRoles(PlatformRoles.Client)
            .WithSummary("Pay an invoice in dunning or overdue with a new payment method (a Golden Hat token): it is registered and charged at once (client).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(() => new JsonObject { ["token"] = PaymentMethodEndpoints.ExampleToken });
        return endpoints;
    }

    private static async Task<Ok<List<InvoiceResponse>>> ListAsync(
        ClaimsPrincipal user, InvoicingDbContext db, InvoiceStatus? status, string? clientId, int? limit, CancellationToken cancellationToken)
    {
        var invoices = Visible(db, user);
        if (status is { } wanted)
        {
            invoices = invoices.Where(invoice => invoice.Status == wanted);
        }

        if (clientId is not null)
        {
            invoices = invoices.Where(invoice => invoice.ClientId == clientId);
        }

        var page = await invoices.OrderByDescending(invoice => invoice.IssuedAt).Take(Math.Clamp(limit ?? 50, 1, MaxListSize)).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(invoice => ToResponse(invoice, user)).ToList());
    }

    private static async Task<Results<Ok<InvoiceResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, user, db, cancellationToken) is { } invoice ? TypedResults.Ok(ToResponse(invoice, user)) : NotFound(id);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPdfAsync(Guid id, ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, user, db, cancellationToken) is { } invoice
            ? TypedResults.File(InvoicePdf.Render(ToResponse(invoice, user)), "application/pdf", $"{invoice.Number}.pdf")
            : NotFound(id);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePaymentMethodAsync(
        Guid id,
        PaymentMethodBody body,
        ClaimsPrincipal user,
        InvoicingDbContext db,
        PaymentMethodBook methods,
        GoldenHatClient goldenHat,
        TemporalClientProvider temporal,
        HttpContext http,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var shape = PaymentMethodEndpoints.TokenShape(body);
        if (!shape.IsValid)
        {
            return shape.ToProblem();
        }

        if (await FindAsync(id, user, db, cancellationToken) is not { } invoice)
        {
            return NotFound(id);
        }

        // A settled invoice's workflow may have closed; its answer would be that there is no open invoice.
        if (invoice.Status.IsSettled())
        {
            return TypedResults.Problem($"Invoice {invoice.Number} is {invoice.Status}.", statusCode: StatusCodes.Status409Conflict, title: "Not possible now");
        }

        switch (await PaymentMethodEndpoints.VerifyAsync(body, goldenHat, http, cancellationToken))
        {
            case ValidationProblem invalid:
                return invalid;
            case ProblemHttpResult unavailable:
                return unavailable;
        }

        var change = new PaymentMethodChange(user.AccountId(), body.Token!);
        var client = await temporal.GetClientAsync(cancellationToken);
        var handle = client.GetWorkflowHandle<InvoiceWorkflow>(InvoiceWorkflow.WorkflowId(invoice.OrderId));
        var (_, problem) = await InvoiceUpdates.RunAsync(async () =>
        {
            await handle.ExecuteUpdateAsync(workflow => workflow.ChangePaymentMethodAsync(change));
            return true;
        });
        if (problem is not null)
        {
            return problem;
        }

        // The client's card for later invoices too.
        await methods.RegisterAsync(change.ClientId, change.Token, time.GetUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Clients see their own invoices, managers and ops every invoice. One statement, so an invoice, its credit notes
    /// and its refunds are read from one snapshot: split queries could show a refund done and its credit note not yet.
    /// </summary>
    private static IQueryable<Invoice> Visible(InvoicingDbContext db, ClaimsPrincipal user)
    {
        var invoices = db.Invoices.AsNoTracking()
            .Include(invoice => invoice.Lines).Include(invoice => invoice.CreditNotes).Include(invoice => invoice.Refunds).Include(invoice => invoice.Settlement)
            .AsSingleQuery();
        if (IsStaff(user))
        {
            return invoices;
        }

        var accountId = user.AccountId();
        return invoices.Where(invoice => invoice.ClientId == accountId);
    }

    private static bool IsStaff(ClaimsPrincipal user) => user.IsInRole(PlatformRoles.Manager) || user.IsInRole(PlatformRoles.Ops);

    private static Task<Invoice?> FindAsync(Guid id, ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) =>
        Visible(db, user).SingleOrDefaultAsync(invoice => invoice.Id == id, cancellationToken);

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no invoice '{id}' you can see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>The invoice as <paramref name="user"/> may see it: which manager refunded or settled it is staff's business, not the client's.</summary>
    private static InvoiceResponse ToResponse(Invoice invoice, ClaimsPrincipal user)
    {
        var staff = IsStaff(user);
        return new(
            invoice.Id,
            invoice.Number,
            invoice.OrderId,
            invoice.ClientId,
            invoice.Currency,
            [.. invoice.Lines.OrderBy(line => line.Position).Select(line => new InvoiceLine(line.Position, line.Kind, line.Description, line.Amount, line.Tax, line.TaxRounding))],
            invoice.Net,
            invoice.Tax,
            invoice.Total,
            invoice.Total - invoice.CreditNotes.Where(note => note.RefundId is null).Sum(note => note.Amount),
            invoice.Status,
            invoice.IssuedAt,
            invoice.DueAt,
            invoice.ChargeId,
            [.. invoice.CreditNotes.OrderBy(note => note.IssuedAt).Select(note => new CreditNoteResponse(note.Number, note.Currency, note.Amount, note.Tax, note.TaxRounding, note.RefundId, note.Reason, note.IssuedAt))],
            [.. invoice.Refunds.OrderBy(refund => refund.RequestedAt).Select(refund => new RefundResponse(
                refund.Id, refund.Currency, refund.Amount, refund.Reason, refund.Status, staff ? refund.RequestedBy : null, refund.RequestedAt, refund.UpdatedAt,
                invoice.CreditNotes.SingleOrDefault(note => note.Id == refund.CreditNoteId)?.Number, refund.FailureReason))],
            invoice.Settlement is { } settlement ? SettlementResponse.Of(settlement, staff) : null);
    }
}
