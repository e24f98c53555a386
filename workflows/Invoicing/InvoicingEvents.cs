namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// The seed events Invoicing journals, under the order's stream (<c>OrderingEvents.StreamId</c>): an invoice is
/// the order's, so its events read as the rest of the order's story.
/// </summary>
public static class InvoicingEvents
{
    public const string ClientInvoiced = "ClientInvoiced";
    public const string MoneyCharged = "MoneyCharged";

    /// <summary>Not a seed event: Golden Hat declined a charge, or the client had no payment method; dunning goes on.</summary>
    public const string PaymentDeclined = "PaymentDeclined";

    /// <summary>Not a seed event: every retry of the dunning schedule failed; managers were told.</summary>
    public const string InvoiceOverdue = "InvoiceOverdue";

    /// <summary>Not a seed event: a failed quality check credited (part of) the invoice back.</summary>
    public const string CreditNoteIssued = "CreditNoteIssued";

    /// <summary>Not a seed event: Golden Hat paid a credit note back to the client's card.</summary>
    public const string ClientRefunded = "ClientRefunded";
}
