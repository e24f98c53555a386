using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.GoldenHat;
using HelperPlatform.Host.Invoicing;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using UglyToad.PdfPig;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>The invoice as the client and staff get it: itemised from the quote, taxed per line, as JSON and PDF, to the right people only.</summary>
public sealed class InvoiceDocumentTests(InvoicingFixture fixture) : IClassFixture<InvoicingFixture>
{
    private readonly InvoicingFlow flow = new(fixture.Host);

    [Fact]
    public async Task CompletedOrder_IsInvoicedFromItsQuote_WithTaxRoundedPerLine_AndBookedInTheLedger()
    {
        var (client, orderId) = await flow.CompleteOrderAsync();

        var invoice = await flow.WaitForInvoiceAsync(orderId, _ => true, "issued");
        var order = await client.Http.GetFromJsonAsync<Host.Ordering.OrderDetailResponse>($"/api/orders/{orderId}");

        Assert.Equal(InvoiceLineKind.Service, invoice.Lines[0].Kind);
        Assert.Equal(45.00m, invoice.Lines[0].Amount);
        Assert.All(invoice.Lines.Skip(1), line => Assert.Equal(InvoiceLineKind.Surcharge, line.Kind));
        Assert.Equal(order!.Order.Price, invoice.Net);
        Assert.All(invoice.Lines, line =>
        {
            Assert.Equal(Workflows.Platform.Money.Round(line.Amount * InvoicingFixture.TaxRate, "EUR", MidpointRounding.AwayFromZero), line.Tax);
            Assert.Contains("19 %", line.TaxRounding, StringComparison.Ordinal);
        });
        Assert.Equal(invoice.Net + invoice.Lines.Sum(line => line.Tax), invoice.Total);
        Assert.Equal(invoice.IssuedAt.AddDays(14), invoice.DueAt);
        Assert.Contains(order.Timeline, entry => entry.Type == "OrderCompleted");
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task PromotionCode_OnTheQuote_IsADiscountLineOfTheInvoice_TaxedAndBookedAsGiven()
    {
        var code = DiscountApi.UniqueCode();
        await new DiscountApi(fixture.Host).CreateCodeAsync(new System.Text.Json.Nodes.JsonObject { ["code"] = code, ["percent"] = 10 });
        var (client, orderId) = await flow.CompleteOrderAsync(promotionCode: code);

        var invoice = await flow.WaitForInvoiceAsync(orderId, _ => true, "issued");
        var order = await client.Http.GetFromJsonAsync<Host.Ordering.OrderDetailResponse>($"/api/orders/{orderId}");

        var discount = Assert.Single(invoice.Lines, line => line.Kind == InvoiceLineKind.Discount);
        Assert.True(discount.Amount < 0m);
        Assert.Contains(code.ToUpperInvariant(), discount.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Workflows.Platform.Money.Round(discount.Amount * InvoicingFixture.TaxRate, "EUR", MidpointRounding.AwayFromZero), discount.Tax);
        Assert.Equal(order!.Order.Price, invoice.Net);
        await flow.AssertLedgerConsistentAsync();
        client.Dispose();
    }

    [Fact]
    public async Task InvoicePdf_HasTheNumberLinesAndTotals_AsText()
    {
        var (client, orderId) = await flow.CompleteOrderAsync();
        var invoice = await flow.WaitForInvoiceAsync(orderId, _ => true, "issued");

        using var response = await client.Http.GetAsync($"/api/invoices/{invoice.Id}/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))));
        Assert.Contains(invoice.Number, text, StringComparison.Ordinal);
        Assert.Contains("45.00", text, StringComparison.Ordinal);
        Assert.Contains(invoice.Total.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains(invoice.Tax.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.All(invoice.Lines, line => Assert.Contains(line.Description.Split(' ')[0], text, StringComparison.Ordinal));
        client.Dispose();
    }

    [Fact]
    public async Task Invoices_AreTheirClientsOnly_AndStaffSeeEveryInvoice()
    {
        var (client, orderId) = await flow.CompleteOrderAsync();
        var invoice = await flow.WaitForInvoiceAsync(orderId, _ => true, "issued");
        using var stranger = await flow.Orders.SignInAsync(PlatformRoles.Client);
        using var ops = await fixture.Host.CreateClientAsync(PlatformRoles.Ops);

        using var strangersJson = await stranger.Http.GetAsync($"/api/invoices/{invoice.Id}");
        using var strangersPdf = await stranger.Http.GetAsync($"/api/invoices/{invoice.Id}/pdf");
        using var strangersMethod = await stranger.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payment-method", new { token = TestTokens.Succeeds });
        var strangersList = await stranger.Http.GetFromJsonAsync<List<InvoiceResponse>>("/api/invoices");
        var clientsList = await client.Http.GetFromJsonAsync<List<InvoiceResponse>>("/api/invoices");
        var opsView = await ops.GetFromJsonAsync<InvoiceResponse>($"/api/invoices/{invoice.Id}");

        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            (strangersJson.StatusCode, strangersPdf.StatusCode, strangersMethod.StatusCode));
        Assert.Empty(strangersList!);
        Assert.Equal([invoice.Id], clientsList!.Select(mine => mine.Id));
        Assert.Equal(invoice.Number, opsView!.Number);
        client.Dispose();
    }

    [Fact]
    public async Task PaymentMethod_NotAGoldenHatToken_Is400NamingIt_AndRegistersNothing()
    {
        using var client = await flow.Orders.SignInAsync(PlatformRoles.Client);

        using var malformed = await client.Http.PostAsJsonAsync("/api/payment-methods", new { token = "4111 1111 1111 1111" });
        using var unknown = await client.Http.PostAsJsonAsync("/api/payment-methods", new { token = "pm_nobody_made_this" });
        using var good = await client.Http.PostAsJsonAsync("/api/payment-methods", new { token = TestTokens.Succeeds });
        var methods = await client.Http.GetFromJsonAsync<List<PaymentMethodResponse>>("/api/payment-methods");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (malformed.StatusCode, unknown.StatusCode));
        Assert.Contains("\"token\"", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("pm_nobody_made_this", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal([TestTokens.Succeeds], methods!.Select(method => method.Token));
    }
}
