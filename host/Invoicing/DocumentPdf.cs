using System.Globalization;
using System.Reflection;
using HelperPlatform.Workflows.Platform;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace HelperPlatform.Host.Invoicing;

/// <summary>Invoicing's documents (invoices, workers' statements) as one-page A4 PDFs (PDFsharp), in the DejaVu Sans font the host ships.</summary>
public sealed class DocumentPdf
{
    private const string FontFamily = "DejaVu Sans";
    private const double Margin = 50;
    private static readonly Lazy<bool> FontsInstalled = new(() =>
    {
        GlobalFontSettings.FontResolver = new ShippedFontResolver();
        return true;
    });

    private readonly XGraphics graphics;
    private readonly double right;
    private double y = Margin;

    private DocumentPdf(XGraphics graphics, double width)
    {
        this.graphics = graphics;
        right = width - Margin;
    }

    public static XFont Title => Font(18, XFontStyleEx.Bold);

    public static XFont Text => Font(9, XFontStyleEx.Regular);

    public static XFont Strong => Font(10, XFontStyleEx.Bold);

    /// <summary>A document titled <paramref name="title"/>, drawn line by line by <paramref name="draw"/>.</summary>
    public static byte[] Render(string title, Action<DocumentPdf> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        using var document = new PdfDocument();
        document.Info.Title = title;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            draw(new DocumentPdf(graphics, page.Width.Point));
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    /// <summary>In the currency's minor unit, with a point: what the ledger holds, never re-rounded.</summary>
    public static string Amount(decimal amount, string currency) =>
        amount.ToString($"F{Money.MinorDigits(currency)}", CultureInfo.InvariantCulture);

    /// <summary>A line of text, with an amount aligned right when given.</summary>
    public void Line(string left, string? amount = null, XFont? font = null, double height = 14)
    {
        graphics.DrawString(left, font ?? Text, XBrushes.Black, new XPoint(Margin, y));
        if (amount is not null)
        {
            graphics.DrawString(amount, font ?? Text, XBrushes.Black, new XRect(Margin, y - 10, right - Margin, 14), XStringFormats.TopRight);
        }

        y += height;
    }

    public void Gap(double height) => y += height;

    private static XFont Font(double size, XFontStyleEx style)
    {
        _ = FontsInstalled.Value;
        return new XFont(FontFamily, size, style);
    }

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
