using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>A credit note's share of the invoice's tax (<see cref="CreditNoteTax"/>): proportional, rounded once per note on the notes so far.</summary>
public sealed class CreditNoteTaxTests
{
    [Fact]
    public void ThreeThirds_GiveBackExactlyTheInvoicesTax_EachWithinOneRoundingOfItsProportion()
    {
        // An invoice of 100.00 net + 19.00 tax, credited in three notes of 39.67, 39.67 and 39.66.
        decimal credited = 0m, taxCredited = 0m;
        List<decimal> taxes = [];
        foreach (var amount in new[] { 39.67m, 39.67m, 39.66m })
        {
            var share = CreditNoteTax.Of(amount, "EUR", 119.00m, 19.00m, credited, taxCredited);
            taxes.Add(share.Tax);
            (credited, taxCredited) = (credited + amount, taxCredited + share.Tax);
        }

        // 39.67 × 19 / 119 = 6.3338… → 6.33; 79.34 × 19 / 119 = 12.6677… → 12.67, less 6.33 = 6.34; the rest 6.33.
        Assert.Equal([6.33m, 6.34m, 6.33m], taxes);
        Assert.Equal(19.00m, taxCredited);
    }

    [Fact]
    public void AHalfCent_IsRoundedAwayFromZero_AndTheRoundingIsWrittenDown()
    {
        // An invoice of 1.00 net + 0.20 tax: 0.15 of it carries 0.025 of tax, half a cent.
        var share = CreditNoteTax.Of(0.15m, "EUR", 1.20m, 0.20m, 0m, 0m);

        Assert.Equal(0.03m, share.Tax);
        Assert.Equal("(0 + 0.15) × 0.20 / 1.20 = 0.025 → 0.03 (half away from zero), less 0 before = 0.03", share.Rounding);
    }

    [Fact]
    public void WithoutTax_ANoteGivesNoneBack()
    {
        Assert.Equal(new CreditNoteTaxShare(0m, null), CreditNoteTax.Of(10.00m, "EUR", 45.00m, 0m, 0m, 0m));
    }
}
