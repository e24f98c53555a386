using HelperPlatform.Workflows.Invoicing;
using static HelperPlatform.Host.Invoicing.DocumentPdf;

namespace HelperPlatform.Host.Invoicing;

/// <summary>An invoice as a one-page A4 PDF (<see cref="DocumentPdf"/>).</summary>
public static class InvoicePdf
{
    public static byte[] Render(InvoiceResponse invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return DocumentPdf.Render($"Invoice {invoice.Number}", pdf =>
        {
            pdf.Line("HelperPlatform", font: Strong);
            pdf.Line($"Invoice {invoice.Number}", font: Title, height: 26);
            pdf.Line($"Issued {invoice.IssuedAt:yyyy-MM-dd}, due {invoice.DueAt:yyyy-MM-dd}");
            pdf.Line($"Client {invoice.ClientId}");
            pdf.Line($"Order {invoice.OrderId}");
            pdf.Line($"Status {invoice.Status}", height: 24);
            pdf.Line("Description", $"Amount ({invoice.Currency})", Strong);
            foreach (var line in invoice.Lines)
            {
                pdf.Line($"{line.Position}. {line.Description}", Amount(line.Amount, invoice.Currency));
                if (line.TaxRounding is not null)
                {
                    pdf.Line($"    Tax: {line.TaxRounding}", Amount(line.Tax, invoice.Currency));
                }
            }

            pdf.Gap(8);
            pdf.Line("Net", Amount(invoice.Net, invoice.Currency));
            pdf.Line("Tax", Amount(invoice.Tax, invoice.Currency));
            pdf.Line("Total", $"{Amount(invoice.Total, invoice.Currency)} {invoice.Currency}", Strong, 24);
            var credits = invoice.CreditNotes.Where(note => note.RefundId is null).ToList();
            foreach (var note in credits)
            {
                CreditNoteLines(pdf, note, invoice.Currency);
            }

            if (credits.Count > 0)
            {
                pdf.Line("Due", $"{Amount(invoice.Due, invoice.Currency)} {invoice.Currency}", Strong, 24);
            }

            if (invoice.Settlement is { Kind: SettlementKind.PaidOutsideGoldenHat } paid)
            {
                pdf.Line($"Paid outside Golden Hat on {paid.PaidOn:yyyy-MM-dd}, reference {paid.Reference}", $"-{Amount(paid.Amount, invoice.Currency)}");
            }

            var refunds = invoice.CreditNotes.Where(note => note.RefundId is not null).ToList();
            if (refunds.Count > 0)
            {
                pdf.Line("Refunded to your card", font: Strong);
                foreach (var note in refunds)
                {
                    CreditNoteLines(pdf, note, invoice.Currency);
                }
            }
        });
    }

    /// <summary>A credit note's line, and the tax it gives back with its rounding.</summary>
    private static void CreditNoteLines(DocumentPdf pdf, CreditNoteResponse note, string currency)
    {
        pdf.Line($"Credit note {note.Number} of {note.IssuedAt:yyyy-MM-dd}: {note.Reason}", $"-{Amount(note.Amount, currency)}");
        if (note.TaxRounding is not null)
        {
            pdf.Line($"    of which tax: {note.TaxRounding}", $"-{Amount(note.Tax, currency)}");
        }
    }
}
