namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// The events Invoicing journals. Discounts: a promotion code's under <c>promotion-code/{CODE}</c>, a client
/// discount's under <c>client-discount/{id}</c>.
/// </summary>
public static class InvoicingEvents
{
    public const string PromotionCodeCreated = "PromotionCodeCreated";
    public const string PromotionCodeDeactivated = "PromotionCodeDeactivated";
    public const string PromotionCodeReserved = "PromotionCodeReserved";
    public const string PromotionCodeUseConfirmed = "PromotionCodeUseConfirmed";
    public const string PromotionCodeReleased = "PromotionCodeReleased";
    public const string ClientDiscountCreated = "ClientDiscountCreated";
    public const string ClientDiscountDeactivated = "ClientDiscountDeactivated";

    public static string PromotionCodeStream(string code) => $"promotion-code/{code}";

    public static string ClientDiscountStream(Guid discountId) => $"client-discount/{discountId}";
}
