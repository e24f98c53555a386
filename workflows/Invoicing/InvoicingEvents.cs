namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// The events Invoicing journals. An invoice's go under the order's stream (<c>OrderingEvents.StreamId</c>): an
/// invoice is the order's, so its events read as the rest of the order's story. Discounts: a promotion code's
/// under <c>promotion-code/{CODE}</c>, a client discount's under <c>client-discount/{id}</c>.
/// </summary>
public static class InvoicingEvents
{
    public const string ClientInvoiced = "ClientInvoiced";
    public const string MoneyCharged = "MoneyCharged";

    /// <summary>A worker's statement was issued (a self-billing document), journalled under <see cref="WorkerStream"/>.</summary>
    public const string WorkerInvoiced = "WorkerInvoiced";

    /// <summary>Not a seed event: Golden Hat declined a charge, or the client had no payment method; dunning goes on.</summary>
    public const string PaymentDeclined = "PaymentDeclined";

    /// <summary>Not a seed event: every retry of the dunning schedule failed; managers were told.</summary>
    public const string InvoiceOverdue = "InvoiceOverdue";

    /// <summary>Not a seed event: a failed quality check credited a share of the invoice before it was charged.</summary>
    public const string CreditNoteIssued = "CreditNoteIssued";

    /// <summary>Not a seed event: the credit notes took the invoice's whole total off; nothing is charged.</summary>
    public const string InvoiceCredited = "InvoiceCredited";

    /// <summary>Not a seed event: a manager recorded the invoice as paid outside Golden Hat (a bank transfer, cash).</summary>
    public const string InvoicePaidOutsideGoldenHat = "InvoicePaidOutsideGoldenHat";

    /// <summary>Not a seed event: a manager wrote the invoice off as a bad debt.</summary>
    public const string InvoiceWrittenOff = "InvoiceWrittenOff";

    /// <summary>Golden Hat paid a manager's refund of a paid invoice back to the client's card (with its credit note).</summary>
    public const string ClientRefunded = "ClientRefunded";

    /// <summary>Not a seed event: Golden Hat declined or refused a refund; nothing went back and managers were told.</summary>
    public const string RefundFailed = "RefundFailed";

    public const string PromotionCodeCreated = "PromotionCodeCreated";
    public const string PromotionCodeDeactivated = "PromotionCodeDeactivated";
    public const string PromotionCodeReserved = "PromotionCodeReserved";
    public const string PromotionCodeUseConfirmed = "PromotionCodeUseConfirmed";
    public const string PromotionCodeReleased = "PromotionCodeReleased";
    public const string ClientDiscountCreated = "ClientDiscountCreated";
    public const string ClientDiscountDeactivated = "ClientDiscountDeactivated";

    /// <summary>A worker's money: credits, statements and payouts.</summary>
    public static string WorkerStream(string workerId) => $"worker/{workerId}";

    public static string PromotionCodeStream(string code) => $"promotion-code/{code}";

    public static string ClientDiscountStream(Guid discountId) => $"client-discount/{discountId}";
}
