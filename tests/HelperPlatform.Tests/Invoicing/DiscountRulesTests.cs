using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Workflows.Invoicing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>The stacking rule and each rounding, case by case (docs/invoicing.md, "Discounts").</summary>
public sealed class DiscountRulesTests
{
    [Theory]
    [InlineData(45.00, "EUR", 12.5, 5.63)] // 5.625: half away from zero
    [InlineData(45.10, "EUR", 33.33, 15.03)] // 15.03183
    [InlineData(4999, "JPY", 10, 500)] // 499.9, no minor unit
    [InlineData(10.005, "KWD", 50, 5.003)] // 5.0025, three decimals
    public void APercentage_IsRoundedOnceToTheMinorUnit_HalfAwayFromZero(decimal subtotal, string currency, decimal percent, decimal expected)
    {
        var applied = DiscountRules.Apply(subtotal, currency, [], Code(new DiscountTerms(percent, null, null)));

        Assert.Equal(expected, Assert.Single(applied).Amount);
    }

    [Fact]
    public void TheBestClientDiscountAppliesFirst_ThenTheCode_EachOnTheSubtotal()
    {
        var applied = DiscountRules.Apply(
            50.00m,
            "EUR",
            [Client("five", new DiscountTerms(5, null, null)), Client("four-euros", new DiscountTerms(null, 4.00m, "EUR")), Client("dollars", new DiscountTerms(null, 30m, "USD"))],
            Code(new DiscountTerms(10, null, null)));

        Assert.Equal([("four-euros", 4.00m), ("CODE", 5.00m)], applied.Select(discount => (discount.Reference, discount.Amount)));
    }

    [Fact]
    public void Discounts_AreCappedAtWhatIsLeft_SoTheTotalNeverGoesBelowZero_AndAZeroDiscountIsNotShown()
    {
        var capped = DiscountRules.Apply(30.00m, "EUR", [Client("most", new DiscountTerms(80, null, null))], Code(new DiscountTerms(null, 20.00m, "EUR")));
        var nothingLeft = DiscountRules.Apply(30.00m, "EUR", [Client("all", new DiscountTerms(100, null, null))], Code(new DiscountTerms(null, 5.00m, "EUR")));

        Assert.Equal([24.00m, 6.00m], capped.Select(discount => discount.Amount));
        Assert.Equal([DiscountSource.ClientDiscount], nothingLeft.Select(discount => discount.Source));
        Assert.Equal(30.00m, nothingLeft.Sum(discount => discount.Amount));
    }

    private static DiscountCandidate Code(DiscountTerms terms) => new(DiscountSource.PromotionCode, "CODE", terms.Describe(), terms);

    private static DiscountCandidate Client(string reference, DiscountTerms terms) => new(DiscountSource.ClientDiscount, reference, terms.Describe(), terms);
}
