namespace HelperPlatform.Host.Invoicing;

/// <summary>The Invoicing context's services, workflows, activities and endpoints, added only when a process runs it.</summary>
public static class InvoicingModule
{
    public static IServiceCollection AddInvoicing(this IServiceCollection services) => services.AddGoldenHat();

    public static IEndpointRouteBuilder MapInvoicingEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapPaymentWebhookEndpoints();
}
