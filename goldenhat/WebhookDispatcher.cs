using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HelperPlatform.GoldenHat;

/// <summary>
/// Posts signed events to the merchant's webhook endpoint. Like a real processor's sender it retries each event
/// with exponential backoff until the merchant answers 2xx, and (when told to) sends duplicates, reorders or
/// holds events back.
/// </summary>
public sealed class WebhookDispatcher : IDisposable
{
    public const string HttpClientName = "webhooks";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SimulatorBehaviour behaviour;
    private readonly GoldenHatOptions options;
    private readonly IHttpClientFactory httpClients;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationToken stoppingToken;
    private readonly Lock gate = new();
    private readonly List<WebhookEvent> reordering = [];
    private readonly ConcurrentDictionary<string, int> acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<WebhookEvent> sent = new();
    private Uri? endpoint;

    public WebhookDispatcher(SimulatorBehaviour behaviour, GoldenHatOptions options, IHttpClientFactory httpClients, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(options);
        this.behaviour = behaviour;
        this.options = options;
        this.httpClients = httpClients;
        // Kept apart from the source, so a webhook still in flight when the simulator stops sees the cancellation, not a disposed source.
        stoppingToken = stopping.Token;
        endpoint = options.WebhookUrl;
        logger = loggerFactory.CreateLogger<WebhookDispatcher>();
        behaviour.ReorderingEnded += (_, _) => Release(TakeReordered(all: true));
    }

    public Uri? Endpoint
    {
        get { lock (gate) { return endpoint; } }
        set { lock (gate) { endpoint = value; } }
    }

    /// <summary>Every event the merchant acknowledged, in the order of acknowledgement (a duplicate shows twice).</summary>
    public IReadOnlyList<WebhookEvent> Acknowledged => [.. sent];

    /// <summary>How often the merchant acknowledged the event (two when duplicates are on).</summary>
    public int AcknowledgementsOf(string eventId) => acknowledged.GetValueOrDefault(eventId);

    public void Publish(string type, object payment, DateTimeOffset at)
    {
        var published = new WebhookEvent($"evt_{Guid.NewGuid():N}", type, at, new WebhookData(payment));
        _ = DispatchAsync(published);
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task DispatchAsync(WebhookEvent published)
    {
        try
        {
            await behaviour.WebhooksReleased.WaitAsync(stoppingToken);
            if (behaviour.ReorderWebhooks)
            {
                lock (gate)
                {
                    reordering.Add(published);
                }

                Release(TakeReordered(all: false));
                return;
            }

            await SendAsync(published);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Golden Hat stops; an unsent webhook is lost, as with a real sender that went away.
        }
    }

    /// <summary>Two or more waiting events go out newest first; <paramref name="all"/> also sends a single one.</summary>
    private List<WebhookEvent> TakeReordered(bool all)
    {
        lock (gate)
        {
            if (reordering.Count == 0 || (!all && reordering.Count < 2))
            {
                return [];
            }

            var taken = Enumerable.Reverse(reordering).ToList();
            reordering.Clear();
            return taken;
        }
    }

    private void Release(List<WebhookEvent> events)
    {
        if (events.Count > 0)
        {
            _ = SendInOrderAsync(events);
        }
    }

    private async Task SendInOrderAsync(List<WebhookEvent> events)
    {
        try
        {
            foreach (var published in events)
            {
                await SendAsync(published);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // As in DispatchAsync.
        }
    }

    private async Task SendAsync(WebhookEvent published)
    {
        var body = JsonSerializer.Serialize(published, Json);
        var copies = behaviour.DuplicateWebhooks ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            await SendUntilAcknowledgedAsync(published, body);
        }
    }

    private async Task SendUntilAcknowledgedAsync(WebhookEvent published, string body)
    {
        var delay = options.WebhookFirstRetryDelay;
        for (var attempt = 1; attempt <= options.WebhookMaxAttempts; attempt++)
        {
            if (Endpoint is not { } url)
            {
                logger.LogWarning("No webhook endpoint is set, so event {EventId} ({Type}) is not sent", published.Id, published.Type);
                return;
            }

            try
            {
                using var request = SignedRequest(url, body);
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    acknowledged.AddOrUpdate(published.Id, 1, (_, count) => count + 1);
                    sent.Enqueue(published);
                    return;
                }

                logger.LogWarning("Webhook {EventId} ({Type}) answered {Status} on attempt {Attempt}", published.Id, published.Type, (int)response.StatusCode, attempt);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning("Webhook {EventId} ({Type}) failed on attempt {Attempt}: {Error}", published.Id, published.Type, attempt, e.Message);
            }

            await Task.Delay(delay, options.TimeProvider, stoppingToken);
            delay = delay * 2 < options.WebhookMaxRetryDelay ? delay * 2 : options.WebhookMaxRetryDelay;
        }

        logger.LogError("Gave up on webhook {EventId} ({Type}) after {Attempts} attempts", published.Id, published.Type, options.WebhookMaxAttempts);
    }

    private HttpRequestMessage SignedRequest(Uri url, string body)
    {
        var timestamp = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(options.WebhookSecret, timestamp, body));
        return request;
    }
}
