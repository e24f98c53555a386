using System.Globalization;
using System.Reflection;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace HelperPlatform.Host.Invoicing;

/// <summary>An invoice as a one-page A4 PDF (PDFsharp), in the DejaVu Sans font the host ships.</summary>
public static class InvoicePdf
{
    private const string FontFamily = "DejaVu Sans";
    private const double Margin = 50;
    private static readonly Lazy<bool> FontsInstalled = new(() =>
    {
        GlobalFontSettings.FontResolver = new ShippedFontResolver();
        return true;
    });

    public static byte[] Render(InvoiceResponse invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        _ = FontsInstalled.Value;
        using var document = new PdfDocument();
        document.Info.Title = $"Invoice {invoice.Number}";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(graphics, page.Width.Point, invoice);
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static void Draw(XGraphics graphics, double width, InvoiceResponse invoice)
    {
        var title = new XFont(FontFamily, 18, XFontStyleEx.Bold);
        var text = new XFont(FontFamily, 9);
        var strong = new XFont(FontFamily, 10, XFontStyleEx.Bold);
        var right = width - Margin;
        var y = Margin;
        void Line(string left, string? amount = null, XFont? font = null, double height = 14)
        {
            graphics.DrawString(left, font ?? text, XBrushes.Black, new XPoint(Margin, y));
            if (amount is not null)
            {
                graphics.DrawString(amount, font ?? text, XBrushes.Black, new XRect(Margin, y - 10, right - Margin, 14), XStringFormats.TopRight);
            }

            y += height;
        }

        Line("HelperPlatform", font: strong);
        Line($"Invoice {invoice.Number}", font: title, height: 26);
        Line($"Issued {invoice.IssuedAt:yyyy-MM-dd}, due {invoice.DueAt:yyyy-MM-dd}");
        Line($"Client {invoice.ClientId}");
        Line($"Order {invoice.OrderId}");
        Line($"Status {invoice.Status}", height: 24);
        Line("Description", $"Amount ({invoice.Currency})", strong);
        foreach (var line in invoice.Lines)
        {
            Line($"{line.Position}. {line.Description}", Amount(line.Amount, invoice.Currency));
            if (line.TaxRounding is not null)
            {
                Line($"    Tax: {line.TaxRounding}", Amount(line.Tax, invoice.Currency));
            }
        }

        y += 8;
        Line("Net", Amount(invoice.Net, invoice.Currency));
        Line("Tax", Amount(invoice.Tax, invoice.Currency));
        Line("Total", $"{Amount(invoice.Total, invoice.Currency)} {invoice.Currency}", strong, 24);
        foreach (var note in invoice.CreditNotes)
        {
            Line($"Credit note {note.Number} of {note.IssuedAt:yyyy-MM-dd}: {note.Reason}", $"-{Amount(note.Amount, invoice.Currency)}");
        }
    }

    /// <summary>In the currency's minor unit, with a point: what the ledger holds, never re-rounded.</summary>
    private static string Amount(decimal amount, string currency) =>
        amount.ToString($"F{Money.MinorDigits(currency)}", CultureInfo.InvariantCulture);

    /// <summary>Every face is the shipped DejaVu Sans; bold is simulated, so one font file serves.</summary>
    private sealed class ShippedFontResolver : IFontResolver
    {
        private const string FaceName = "DejaVuSans";
        private static readonly Lazy<byte[]> Font = new(() =>
        {
            using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("Fonts.DejaVuSans.ttf")
                ?? throw new InvalidOperationException("The host ships the font Fonts.DejaVuSans.ttf as a resource.");
            using var copy = new MemoryStream();
            resource.CopyTo(copy);
            return copy.ToArray();
        });

        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(FaceName, bold, italic);

        public byte[] GetFont(string faceName) => Font.Value;
    }
}
