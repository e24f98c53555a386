using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Host.Invoicing;

public sealed record PayoutDestinationBody(string? Token);

/// <param name="PayableFrom">When payouts may go to it; later than <paramref name="RegisteredAt"/> while a change cools.</param>
public sealed record PayoutDestinationResponse(Guid Id, string Token, string Last4, DateTimeOffset RegisteredAt, DateTimeOffset PayableFrom);

/// <summary>The answer to a registration: the destination's id, recorded (and a change told to the worker) by its workflow.</summary>
public sealed record PayoutDestinationAccepted(Guid Id);

/// <summary>A worker's statement (*Worker invoiced*): the period's lines, what was brought forward, and the total paid out by the payout of the same id.</summary>
public sealed record WorkerStatementResponse(
    Guid Id,
    string Number,
    string WorkerId,
    string Currency,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    decimal BroughtForward,
    IReadOnlyList<WorkerStatementLineResponse> Lines,
    decimal Total,
    DateTimeOffset IssuedAt);

/// <param name="SourceId">The order of an earning, the credit of a credit or correction.</param>
public sealed record WorkerStatementLineResponse(int Position, WorkerStatementLineKind Kind, Guid SourceId, string Description, decimal Amount, DateTimeOffset At);
