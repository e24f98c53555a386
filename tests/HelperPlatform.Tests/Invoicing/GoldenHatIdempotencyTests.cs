using System.Net;
using System.Net.Http.Json;
using HelperPlatform.GoldenHat;
using static HelperPlatform.Tests.Invoicing.GoldenHatCalls;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>The idempotency rules of charges and refunds (Stripe's): store and replay, refuse another body, 409 while running, 24 h.</summary>
public sealed class GoldenHatIdempotencyTests(GoldenHatFixture fixture) : IClassFixture<GoldenHatFixture>
{
    [Fact]
    public async Task SameKeySameBody_ReplaysTheFirstAnswer_AndChargesOnce()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();

        using var first = await ChargeAsync(client, key, Charge(reference));
        using var second = await ChargeAsync(client, key, Charge(reference));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains(GoldenHatHeaders.IdempotentReplayed));
        Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
    }

    [Fact]
    public async Task SameKey_ReplaysAnErrorAnswerToo()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();

        using var first = await ChargeAsync(client, key, Charge(reference, 10m, TestTokens.ExpiredCard));
        using var second = await ChargeAsync(client, key, Charge(reference, 10m, TestTokens.ExpiredCard));

        Assert.Equal((HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
    }

    [Fact]
    public async Task SameKeyDifferentBody_Answers422NamingTheDifference()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();

        using var first = await ChargeAsync(client, key, Charge(reference, 100m));
        using var second = await ChargeAsync(client, key, Charge(reference, 90m));
        var error = (await second.Content.ReadFromJsonAsync<ErrorAnswer>())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal(("idempotency_key_reused", "amount"), (error.Error.Code, error.Error.Param));
        Assert.Contains("amount", error.Error.Message, StringComparison.Ordinal);
        Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
    }

    [Fact]
    public async Task SameKeyOnAnotherEndpoint_Answers422NamingTheEndpoint()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();
        var charge = await ChargeAndSettleAsync(fixture, client, reference);

        using var refund = await RefundAsync(client, key, new { charge = charge.Id, amount = 1m, reference });
        using var reused = await ChargeAsync(client, key, Charge(reference));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("endpoint", await ErrorParamAsync(reused));
    }

    [Fact]
    public async Task SameKeyWhileTheFirstRuns_Answers409()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();
        fixture.Simulator.Behaviour.Apply(new BehaviourChange(ResponseDelay: TimeSpan.FromMilliseconds(800)));
        try
        {
            var first = ChargeAsync(client, key, Charge(reference));
            await Task.Delay(200);
            using var concurrent = await ChargeAsync(client, key, Charge(reference));
            using var firstAnswer = await first;

            Assert.Equal(HttpStatusCode.Conflict, concurrent.StatusCode);
            Assert.Equal("idempotency_key_in_use", (await concurrent.Content.ReadFromJsonAsync<ErrorAnswer>())!.Error.Code);
            Assert.Equal(HttpStatusCode.Created, firstAnswer.StatusCode);
            Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
        }
        finally
        {
            fixture.Simulator.Behaviour.Apply(new BehaviourChange(ResponseDelay: TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Key_IsKeptFor24Hours_ThenForgotten()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();
        try
        {
            using var first = await ChargeAsync(client, key, Charge(reference));
            fixture.Clock.Shift = TimeSpan.FromHours(23.9);
            using var nextDay = await ChargeAsync(client, key, Charge(reference));
            var replayedWithinTheDay = nextDay.Headers.Contains(GoldenHatHeaders.IdempotentReplayed);
            fixture.Clock.Shift = TimeSpan.FromHours(24.1);
            using var afterADay = await ChargeAsync(client, key, Charge(reference));

            Assert.True(replayedWithinTheDay);
            Assert.Equal(HttpStatusCode.Created, afterADay.StatusCode);
            Assert.False(afterADay.Headers.Contains(GoldenHatHeaders.IdempotentReplayed));
            Assert.Equal(2, fixture.Simulator.Book.ChargesFor(reference).Count);
        }
        finally
        {
            fixture.Clock.Shift = TimeSpan.Zero;
        }
    }
}
