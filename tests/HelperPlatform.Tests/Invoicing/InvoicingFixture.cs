using HelperPlatform.Tests.Infrastructure;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>One host for an invoicing test class: 19 % tax on every line, the contractor delivering at once.</summary>
public sealed class InvoicingFixture() : ConfiguredHostFixture("Contractor:EmbeddedDeliveryDelay=00:00:00.200", $"Invoicing:TaxRate={TaxRate}")
{
    public const decimal TaxRate = 0.19m;
}
