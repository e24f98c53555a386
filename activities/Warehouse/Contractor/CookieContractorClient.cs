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

    private sealed record AcceptedAnswer(DateTimeOffset ExpectedDeliveryAt);
}

public sealed class ContractorRejectedException(string message) : Exception(message);
