using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace HelperPlatform.Contractor;

/// <summary>
/// Delivers accepted orders after the delivery delay by posting a signed notice to the buyer's callback URL.
/// Like a real webhook sender it retries until the buyer answers 2xx, and (when told to) sends it twice or
/// holds it back.
/// </summary>
public sealed class DeliveryDispatcher(
    SimulatorBehaviour behaviour,
    PurchaseOrderBook book,
    SimulatorOptions options,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    public const string HttpClientName = "callbacks";
    private const int MaxCallbackAttempts = 8;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<AcceptedOrder> accepted = Channel.CreateUnbounded<AcceptedOrder>();
    private readonly ILogger logger = loggerFactory.CreateLogger<DeliveryDispatcher>();

    public void Schedule(AcceptedOrder order) => accepted.Writer.TryWrite(order);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var order in accepted.Reader.ReadAllAsync(stoppingToken))
        {
            _ = DeliverAsync(order, stoppingToken);
        }
    }

    private async Task DeliverAsync(AcceptedOrder order, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(behaviour.DeliveryDelay, time, stoppingToken);
            if (!book.Holds(order))
            {
                return; // Forgotten: a restarted supplier no longer knows it owes this delivery.
            }

            order.MarkDelivered(time.GetUtcNow());
            await behaviour.CallbacksReleased.WaitAsync(stoppingToken);
            var notice = new DeliveryNotice(order.DeliveryId, order.Order.PurchaseOrderId, order.Order.Sku, order.Order.Quantity, order.DeliveredAt!.Value);
            var body = JsonSerializer.Serialize(notice, Json);
            var copies = behaviour.DuplicateCallbacks ? 2 : 1;
            for (var copy = 0; copy < copies; copy++)
            {
                await SendUntilAcknowledgedAsync(order, body, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The simulator stops; an unsent delivery is lost, as it would be if a real supplier went away.
        }
    }

    private async Task SendUntilAcknowledgedAsync(AcceptedOrder order, string body, CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; attempt <= MaxCallbackAttempts; attempt++)
        {
            try
            {
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(SignedRequest(order.Order.CallbackUrl, body), stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    order.Acknowledge();
                    return;
                }

                logger.LogWarning("Delivery callback for {PurchaseOrderId} answered {Status}", order.Order.PurchaseOrderId, (int)response.StatusCode);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning("Delivery callback for {PurchaseOrderId} failed: {Error}", order.Order.PurchaseOrderId, e.Message);
            }

            await Task.Delay(delay, time, stoppingToken);
            delay *= 2;
        }
    }

    private HttpRequestMessage SignedRequest(Uri callbackUrl, string body)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, callbackUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(options.WebhookSecret, timestamp, body));
        return request;
    }
}
