using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HelperPlatform.GoldenHat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HelperPlatform.Tests.Invoicing;

/// <summary>The Golden Hat simulator over real HTTP, posting its webhooks to a recording merchant endpoint.</summary>
public sealed class GoldenHatFixture : IAsyncLifetime
{
    public const string ApiKey = "gh_test_api_key";
    public const string WebhookSecret = "gh-test-webhook-secret";

    private GoldenHatSimulator? simulator;

    public ShiftedClock Clock { get; } = new();

    public WebhookReceiver Receiver { get; } = new();

    public GoldenHatSimulator Simulator => simulator ?? throw new InvalidOperationException("Golden Hat has not started.");

    public async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        simulator = await GoldenHatSimulator.StartAsync(new GoldenHatOptions
        {
            ApiKey = ApiKey,
            WebhookSecret = WebhookSecret,
            WebhookUrl = Receiver.Address,
            ProcessingDelay = TimeSpan.FromMilliseconds(100),
            WebhookFirstRetryDelay = TimeSpan.FromMilliseconds(50),
            TimeProvider = Clock,
        });
    }

    /// <summary>A merchant's client of the API, with the API key.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Simulator.Address, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }

        await Receiver.DisposeAsync();
    }
}

/// <summary>The system clock, shifted by tests that need a day to pass.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}

/// <summary>A merchant's webhook endpoint that records every delivery and can be told to fail the next ones.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private WebApplication? app;
    private int failuresLeft;

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>Answer the next <paramref name="count"/> deliveries with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/webhooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var failed = Interlocked.Decrement(ref failuresLeft) >= 0;
            received.Enqueue(new ReceivedWebhook(body, request.Headers[WebhookSignature.TimestampHeader].ToString(), request.Headers[WebhookSignature.SignatureHeader].ToString(), failed));
            return failed ? Results.StatusCode(StatusCodes.Status500InternalServerError) : Results.Ok();
        });
        await app.StartAsync();
        Address = new Uri(new Uri(app.Urls.First()), "/webhooks");
    }

    /// <summary>The acknowledged deliveries of events about <paramref name="reference"/>, in order of arrival.</summary>
    public IReadOnlyList<ReceivedWebhook> For(string reference) =>
        [.. received.Where(webhook => !webhook.Failed && webhook.Reference == reference)];

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string reference, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (For(reference).Count < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{For(reference).Count} of {count} webhooks for {reference} arrived.");
            }

            await Task.Delay(20);
        }

        return For(reference);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

public sealed record ReceivedWebhook(string Body, string Timestamp, string Signature, bool Failed)
{
    private JsonElement Root => JsonDocument.Parse(Body).RootElement;

    public string EventId => Root.GetProperty("id").GetString()!;

    public string Type => Root.GetProperty("type").GetString()!;

    public JsonElement Payment => Root.GetProperty("data").GetProperty("payment");

    public string Reference => Payment.GetProperty("reference").GetString()!;
}

/// <summary>Calls of the Golden Hat API as the tests make them.</summary>
public static class GoldenHatCalls
{
    public static string NewKey() => $"key-{Guid.NewGuid():N}";

    public static string NewReference() => $"invoice-{Guid.NewGuid():N}";

    public static async Task<HttpResponseMessage> ChargeAsync(HttpClient client, string key, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/charges") { Content = JsonContent.Create(body) };
        request.Headers.Add(GoldenHatHeaders.IdempotencyKey, key);
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> RefundAsync(HttpClient client, string key, object body)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/refunds") { Content = JsonContent.Create(body) };
        request.Headers.Add(GoldenHatHeaders.IdempotencyKey, key);
        return await client.SendAsync(request);
    }

    public static object Charge(string reference, decimal amount = 100.00m, string token = TestTokens.Succeeds, string currency = "EUR") =>
        new { paymentMethod = token, currency, amount, reference, description = "Invoice 2026-000001" };

    /// <summary>Charges and waits for the charge's webhook; returns the charge as Golden Hat answered it first.</summary>
    public static async Task<ChargeAnswer> ChargeAndSettleAsync(GoldenHatFixture fixture, HttpClient client, string reference, decimal amount = 100.00m, string token = TestTokens.Succeeds)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        using var response = await ChargeAsync(client, NewKey(), Charge(reference, amount, token));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var charge = (await response.Content.ReadFromJsonAsync<ChargeAnswer>())!;
        await fixture.Receiver.WaitForAsync(reference, 1);
        return charge;
    }

    public static async Task<string> ErrorParamAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var error = await response.Content.ReadFromJsonAsync<ErrorAnswer>();
        return error!.Error.Param!;
    }
}
