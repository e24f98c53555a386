using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using HelperPlatform.GoldenHat;
using static HelperPlatform.Tests.Invoicing.GoldenHatCalls;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>The failure switches, set over the admin endpoint as a test harness outside the process would.</summary>
public sealed class GoldenHatSwitchTests(GoldenHatFixture fixture) : IClassFixture<GoldenHatFixture>
{
    [Fact]
    public async Task FailNextRequests_Answers500_AndARetryWithTheSameKeyChargesOnce()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();
        await SwitchAsync(client, new BehaviourChange(FailNextRequests: 2));

        using var first = await ChargeAsync(client, key, Charge(reference));
        using var second = await ChargeAsync(client, key, Charge(reference));
        using var third = await ChargeAsync(client, key, Charge(reference));

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.Created], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.False(third.Headers.Contains(GoldenHatHeaders.IdempotentReplayed));
        Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
    }

    [Fact]
    public async Task TimeOutNextRequests_ProcessesButNeverAnswers_AndTheRetryReplays()
    {
        using var client = fixture.CreateClient(TimeSpan.FromSeconds(1));
        var key = NewKey();
        var reference = NewReference();
        await SwitchAsync(client, new BehaviourChange(TimeOutNextRequests: 1));

        await Assert.ThrowsAsync<TaskCanceledException>(() => ChargeAsync(client, key, Charge(reference)));
        using var retry = await ChargeAsync(client, key, Charge(reference));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains(GoldenHatHeaders.IdempotentReplayed));
        Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
    }

    [Fact]
    public async Task ResponseDelay_MakesEveryAnswerSlow()
    {
        using var client = fixture.CreateClient();
        await SwitchAsync(client, new BehaviourChange(ResponseDelay: TimeSpan.FromMilliseconds(300)));
        try
        {
            var watch = Stopwatch.StartNew();
            using var read = await client.GetAsync($"/v1/payment-methods/{TestTokens.Succeeds}");
            using var charged = await ChargeAsync(client, NewKey(), Charge(NewReference()));

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), (read.StatusCode, charged.StatusCode));
            // Two 300 ms delays; a timer may fire a millisecond early against the stopwatch (one run measured 599.6 ms).
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(590), $"Both answers took {watch.Elapsed}.");
        }
        finally
        {
            await SwitchAsync(client, new BehaviourChange(ResponseDelay: TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Unavailable_Answers503WithRetryAfter_UntilSwitchedBack()
    {
        using var client = fixture.CreateClient();
        var key = NewKey();
        var reference = NewReference();
        await SwitchAsync(client, new BehaviourChange(Outage: Outages.Unavailable));
        HttpResponseMessage down;
        try
        {
            down = await ChargeAsync(client, key, Charge(reference));
        }
        finally
        {
            await SwitchAsync(client, new BehaviourChange(Outage: Outages.None));
        }

        using var up = await ChargeAsync(client, key, Charge(reference));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, up.StatusCode);
        Assert.Single(fixture.Simulator.Book.ChargesFor(reference));
        down.Dispose();
    }

    [Fact]
    public async Task RefuseConnections_ResetsEveryApiConnection()
    {
        using var client = fixture.CreateClient();
        await SwitchAsync(client, new BehaviourChange(Outage: Outages.RefuseConnections));
        try
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => ChargeAsync(client, NewKey(), Charge(NewReference())));
        }
        finally
        {
            await SwitchAsync(client, new BehaviourChange(Outage: Outages.None));
        }
    }

    [Fact]
    public async Task Behaviour_WithAnUnknownOutage_Answers400()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PutAsJsonAsync("/simulator/behaviour", new BehaviourChange(Outage: "sometimes"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Outages.None, fixture.Simulator.Behaviour.Outage);
    }

    [Fact]
    public async Task WebhookEndpoint_CanBeMovedAtRunTime()
    {
        using var client = fixture.CreateClient();
        var original = fixture.Simulator.Webhooks.Endpoint;
        var moved = new Uri("http://127.0.0.1:1/elsewhere");
        try
        {
            using var response = await client.PutAsJsonAsync("/simulator/webhook-endpoint", new WebhookEndpointChange(moved));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(moved, fixture.Simulator.Webhooks.Endpoint);
        }
        finally
        {
            fixture.Simulator.Webhooks.Endpoint = original;
        }
    }

    [Fact]
    public async Task Switches_SetAsOptions_ApplyFromTheStart()
    {
        await using var down = await GoldenHatSimulator.StartAsync(new GoldenHatOptions
        {
            ApiKey = GoldenHatFixture.ApiKey,
            WebhookSecret = GoldenHatFixture.WebhookSecret,
            Behaviour = new BehaviourChange(Outage: Outages.Unavailable),
        });
        using var client = new HttpClient { BaseAddress = down.Address };

        using var response = await client.GetAsync($"/v1/payment-methods/{TestTokens.Succeeds}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static async Task SwitchAsync(HttpClient client, BehaviourChange change)
    {
        using var response = await client.PutAsJsonAsync("/simulator/behaviour", change);
        response.EnsureSuccessStatusCode();
    }
}
