using HelperPlatform.Host.Platform;

namespace HelperPlatform.Tests.Platform;

/// <summary>A configuration mistake stops the start with a message naming the setting.</summary>
public sealed class ConfigurationValidationTests
{
    [Fact]
    public async Task Build_WithATrustedProxyThatIsNotAnAddress_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PlatformApplication.BuildAsync(
            ["--ConnectionStrings:Platform=Host=unused.invalid", "--Http:TrustedProxies:0=proxy.example"]));

        Assert.Contains("Http:TrustedProxies", error.Message, StringComparison.Ordinal);
        Assert.Contains("proxy.example", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_WithAnUnknownContext_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PlatformApplication.BuildAsync(
            ["--ConnectionStrings:Platform=Host=unused.invalid", "--contexts=Ordering,Shipping"]));

        Assert.Contains("'Shipping'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithATaxRateAboveOne_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => Tests.Infrastructure.PlatformHost.StartAsync("Invoicing:TaxRate=19"));

        Assert.Contains("Invoicing:TaxRate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithTotalizatorSettingsOutOfRange_FailsNamingEach()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => Tests.Infrastructure.PlatformHost.StartAsync(
            "Totalizator:BreakStep=0", "Totalizator:MinimumPrice=0.95", "Totalizator:MonthlyAllowance=-5", "Totalizator:BetGrace=-00:01:00"));

        foreach (var setting in new[] { "Totalizator:BreakStep", "Totalizator:MinimumPrice", "Totalizator:MonthlyAllowance", "Totalizator:BetGrace" })
        {
            Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        }
    }
}
