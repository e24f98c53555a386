using HelperPlatform.Activities.Invoicing.Payments;
using HelperPlatform.GoldenHat;
using HelperPlatform.Tests.Infrastructure;
using HelperPlatform.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>Without <c>GoldenHat:BaseUrl</c> the host runs the simulator in-process, with generated secrets.</summary>
public sealed class EmbeddedGoldenHatTests(PlatformHostFixture fixture) : IClassFixture<PlatformHostFixture>
{
    [Fact]
    public async Task Host_WithoutGoldenHatSettings_ConnectsToTheEmbeddedSimulator()
    {
        var connection = fixture.Host.Services.GetRequiredService<GoldenHatConnection>();
        var goldenHat = fixture.Host.Services.GetRequiredService<GoldenHatClient>();

        var endpoint = await connection.GetAsync(CancellationToken.None);
        var method = await goldenHat.FindPaymentMethodAsync(TestTokens.Succeeds, CancellationToken.None);

        Assert.True(connection.UsesEmbeddedSimulator);
        Assert.True(endpoint.BaseUrl.IsLoopback);
        Assert.Equal(TestTokens.Succeeds, method!.Token);
    }

    [Fact]
    public async Task EmbeddedSimulator_SendsItsWebhooksToThisHost()
    {
        var outcomes = await PaymentWaiting.OutcomesAsync(fixture.Host, 1, async reference =>
        {
            await using var scope = fixture.Host.Services.CreateAsyncScope();
            var payments = scope.ServiceProvider.GetRequiredService<PaymentActivities>();
            await new ActivityEnvironment().RunAsync(() => payments.ChargeAsync(GoldenHatPlatformFixture.Charge(reference)));
        });

        Assert.Equal(PaymentStatus.Succeeded, Assert.Single(outcomes).Status);
    }
}
