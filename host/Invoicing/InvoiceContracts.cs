using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Host.Invoicing;

public sealed record InvoiceResponse(
    Guid Id,
    string Number,
    Guid OrderId,
    string ClientId,
    string Currency,
    IReadOnlyList<InvoiceLine> Lines,
    decimal Net,
    decimal Tax,
    decimal Total,
    InvoiceStatus Status,
    DateTimeOffset IssuedAt,
    DateTimeOffset DueAt,
    string? ChargeId,
    IReadOnlyList<CreditNoteResponse> CreditNotes);

/// <param name="RefundId">Golden Hat's refund that paid the credit note back; null until it has.</param>
public sealed record CreditNoteResponse(string Number, string Currency, decimal Amount, string Reason, DateTimeOffset IssuedAt, string? RefundId);

/// <param name="Token">A payment method token Golden Hat made for the client's card.</param>
public sealed record PaymentMethodBody(string? Token);

public sealed record PaymentMethodResponse(Guid Id, string Token, DateTimeOffset RegisteredAt);

/// <summary>An account's balance: the sum of its postings, debits positive.</summary>
public sealed record LedgerBalanceResponse(LedgerAccount Account, string Currency, decimal Balance);
