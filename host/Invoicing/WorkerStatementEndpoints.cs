using System.Security.Claims;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Invoicing;
using HelperPlatform.Activities.Invoicing.Statements;
using HelperPlatform.Host.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static HelperPlatform.Host.Invoicing.DocumentPdf;

namespace HelperPlatform.Host.Invoicing;

/// <summary>Workers' statements as JSON and PDF: a worker sees only their own (another's is answered as missing), managers and ops every worker's.</summary>
public static class WorkerStatementEndpoints
{
    private const int MaxListSize = 200;

    public static IEndpointRouteBuilder MapWorkerStatementEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/workers/me/statements", (ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) => ListAsync(user.AccountId(), db, cancellationToken))
            .RequireRoles(PlatformRoles.Worker).WithTags("Worker money")
            .WithSummary("Your statements, newest first (worker).");
        endpoints.MapGet("/api/workers/{workerId}/statements", ListAsync).RequireRoles(PlatformRoles.Manager, PlatformRoles.Ops).WithTags("Worker money")
            .WithSummary("A worker's statements, newest first (managers, ops).");
        var group = endpoints.MapGroup("/api/worker-statements").WithTags("Worker money");
        group.MapGet("/{id:guid}", GetAsync).RequireRoles(PlatformRoles.Worker, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One statement with its lines (its worker, managers, ops).");
        group.MapGet("/{id:guid}/pdf", GetPdfAsync).RequireRoles(PlatformRoles.Worker, PlatformRoles.Manager, PlatformRoles.Ops)
            .WithSummary("One statement as a PDF document (its worker, managers, ops).")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        return endpoints;
    }

    private static async Task<Ok<List<WorkerStatementResponse>>> ListAsync(string workerId, InvoicingDbContext db, CancellationToken cancellationToken)
    {
        var statements = await Statements(db).Where(statement => statement.WorkerId == workerId)
            .OrderByDescending(statement => statement.PeriodEnd).Take(MaxListSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(statements.Select(ToResponse).ToList());
    }

    private static async Task<Results<Ok<WorkerStatementResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, user, db, cancellationToken) is { } statement ? TypedResults.Ok(ToResponse(statement)) : NotFound(id);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPdfAsync(Guid id, ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken) =>
        await FindAsync(id, user, db, cancellationToken) is { } statement
            ? TypedResults.File(Render(ToResponse(statement)), "application/pdf", $"{statement.Number}.pdf")
            : NotFound(id);

    /// <summary>The statement as its worker, a manager or ops may see it; null for another worker's.</summary>
    private static Task<WorkerStatement?> FindAsync(Guid id, ClaimsPrincipal user, InvoicingDbContext db, CancellationToken cancellationToken)
    {
        var statements = Statements(db).Where(statement => statement.Id == id);
        if (!user.IsInRole(PlatformRoles.Manager) && !user.IsInRole(PlatformRoles.Ops))
        {
            var workerId = user.AccountId();
            statements = statements.Where(statement => statement.WorkerId == workerId);
        }

        return statements.SingleOrDefaultAsync(cancellationToken);
    }

    private static IQueryable<WorkerStatement> Statements(InvoicingDbContext db) => db.WorkerStatements.AsNoTracking().Include(statement => statement.Lines);

    private static WorkerStatementResponse ToResponse(WorkerStatement statement) => new(
        statement.Id,
        statement.Number,
        statement.WorkerId,
        statement.Currency,
        statement.PeriodStart,
        statement.PeriodEnd,
        statement.BroughtForward,
        [.. statement.Lines.OrderBy(line => line.Position).Select(line => new WorkerStatementLineResponse(line.Position, line.Kind, line.SourceId, line.Description, line.Amount, line.At))],
        statement.Total,
        statement.IssuedAt);

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no statement '{id}' you may see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>The self-billing document: the platform states what it owes the worker for the period, and pays it.</summary>
    private static byte[] Render(WorkerStatementResponse statement) =>
        DocumentPdf.Render($"Statement {statement.Number}", pdf =>
        {
            pdf.Line("HelperPlatform", font: Strong);
            pdf.Line($"Statement {statement.Number}", font: Title, height: 26);
            pdf.Line("Self-billing: issued by the platform for the worker's services");
            pdf.Line($"Worker {statement.WorkerId}");
            pdf.Line($"Period {statement.PeriodStart:yyyy-MM-dd HH:mm} to {statement.PeriodEnd:yyyy-MM-dd HH:mm} UTC, issued {statement.IssuedAt:yyyy-MM-dd}", height: 24);
            pdf.Line("Description", $"Amount ({statement.Currency})", Strong);
            pdf.Line("Brought forward (earlier statements, not paid out yet)", Amount(statement.BroughtForward, statement.Currency));
            foreach (var line in statement.Lines)
            {
                pdf.Line($"{line.Position}. {line.Kind}: {line.Description} ({line.At:yyyy-MM-dd})", Amount(line.Amount, statement.Currency));
            }

            pdf.Gap(8);
            pdf.Line("Total paid out", $"{Amount(statement.Total, statement.Currency)} {statement.Currency}", Strong, 24);
        });
}
