using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Workflows.Warehouse;

namespace HelperPlatform.Activities.Warehouse.Contractor;

/// <summary>
/// The contractor's purchase-order API. The host gives its HttpClient a resilience pipeline (timeouts,
/// retries with jitter, circuit breaker), so a call here has already ridden out short hiccups when it fails.
/// </summary>
public sealed class CookieContractorClient(HttpClient http, ContractorConnection connection)
{
    /// <exception cref="ContractorRejectedException">The contractor refused the order as invalid; sending it again cannot help.</exception>
    /// <exception cref="HttpRequestException">The contractor stayed unreachable or failing through every retry.</exception>
    public async Task<PurchaseOrderPlaced> PlaceOrderAsync(PurchaseOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var endpoint = await connection.GetAsync(cancellationToken);
        using var response = await http.PostAsJsonAsync(
            new Uri(endpoint.BaseUrl, "purchase-orders"),
            new { request.PurchaseOrderId, request.Sku, request.Quantity, endpoint.CallbackUrl },
            cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
        {
            throw new ContractorRejectedException(
                $"The contractor refused purchase order {request.PurchaseOrderId}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        response.EnsureSuccessStatusCode();
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedAnswer>(cancellationToken)
            ?? throw new HttpRequestException("The contractor accepted the order with an empty answer.");
        return new PurchaseOrderPlaced(request.PurchaseOrderId, accepted.ExpectedDeliveryAt);
    }

    /// <summary>Asks the contractor about an order.</summary>
    /// <returns>Its delivery once delivered; null while it is not; <see cref="ContractorOrderState.Unknown"/> when the contractor does not know the order.</returns>
    /// <exception cref="HttpRequestException">The contractor stayed unreachable or failing through every retry.</exception>
    public async Task<ContractorOrderState> FindOrderAsync(Guid purchaseOrderId, CancellationToken cancellationToken)
    {
        var endpoint = await connection.GetAsync(cancellationToken);
        using var response = await http.GetAsync(new Uri(endpoint.BaseUrl, $"purchase-orders/{purchaseOrderId}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return ContractorOrderState.Unknown;
        }

        response.EnsureSuccessStatusCode();
        var state = await response.Content.ReadFromJsonAsync<StateAnswer>(cancellationToken)
            ?? throw new HttpRequestException("The contractor answered an order's state with an empty body.");
        return state is { Status: "delivered", DeliveryId: { } deliveryId, DeliveredAt: { } deliveredAt }
            ? new ContractorOrderState(true, new ContractorDelivery(deliveryId, purchaseOrderId, state.Sku, state.Quantity, deliveredAt))
            : ContractorOrderState.NotDelivered;
    }

    private sealed record AcceptedAnswer(DateTimeOffset ExpectedDeliveryAt);

    private sealed record StateAnswer(string Sku, int Quantity, string Status, Guid? DeliveryId, DateTimeOffset? DeliveredAt);
}

/// <param name="Known">False when the contractor has no such order (never received, or forgotten).</param>
/// <param name="Delivery">The delivery, once the contractor has delivered.</param>
public sealed record ContractorOrderState(bool Known, ContractorDelivery? Delivery)
{
    public static readonly ContractorOrderState Unknown = new(false, null);

    public static readonly ContractorOrderState NotDelivered = new(true, null);
}

public sealed class ContractorRejectedException(string message) : Exception(message);
