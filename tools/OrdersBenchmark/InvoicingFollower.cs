using System.Globalization;
using Npgsql;

namespace HelperPlatform.OrdersBenchmark;

/// <summary>
/// Invoicing beside the orders (issue 18): every completed order starts its invoice, which Golden Hat (the embedded
/// simulator, deciding in 50 ms) charges to the client's card. Reads, from the journals, when each measured order
/// completed (<c>OrderCompleted</c>) and when its invoice was charged (<c>MoneyCharged</c>): invoices settled per
/// second over the measurement, the backlog when it ended, and the delay from completion to charge.
/// </summary>
internal sealed class InvoicingFollower(string connectionString)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    /// <summary>Waits until every order's invoice is charged (at most five minutes), then reports against the measurement's clock.</summary>
    public async Task<IReadOnlyList<string>> ReportAsync(IReadOnlyCollection<Guid> orderIds, DateTimeOffset measuredFrom, DateTimeOffset measuredTo)
    {
        var deadline = DateTimeOffset.UtcNow + DrainLimit;
        var settlements = await SettlementsAsync(orderIds);
        while (settlements.Count(settlement => settlement.ChargedAt is not null) < orderIds.Count && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            settlements = await SettlementsAsync(orderIds);
        }

        var charged = settlements.Where(settlement => settlement.ChargedAt is not null).ToList();
        var seconds = (measuredTo - measuredFrom).TotalSeconds;
        var chargedWhileMeasuring = charged.Count(settlement => settlement.ChargedAt <= measuredTo);
        var backlog = settlements.Count(settlement => settlement.CompletedAt <= measuredTo && !(settlement.ChargedAt <= measuredTo));
        var delays = charged.Select(settlement => (settlement.ChargedAt!.Value - settlement.CompletedAt).TotalMilliseconds).Order().ToList();
        var lastCharge = charged.Count > 0 ? charged.Max(settlement => settlement.ChargedAt!.Value) : measuredTo;
        return
        [
            string.Create(CultureInfo.InvariantCulture,
                $"invoices charged: {charged.Count} of {orderIds.Count} completed orders; {chargedWhileMeasuring} while measuring = {chargedWhileMeasuring / seconds:F1} invoices/s beside {orderIds.Count / seconds:F1} orders/s"),
            string.Create(CultureInfo.InvariantCulture,
                $"invoicing backlog when the measurement ended: {backlog} completed orders not yet charged; the last charged {Math.Max(0, (lastCharge - measuredTo).TotalSeconds):F1} s after"),
            delays.Count == 0
                ? "completion to MoneyCharged: nothing charged"
                : string.Create(CultureInfo.InvariantCulture,
                    $"completion to MoneyCharged: p50 {Percentile(delays, 0.50):F0} ms, p99 {Percentile(delays, 0.99):F0} ms, max {delays[^1]:F0} ms"),
        ];
    }

    private static double Percentile(List<double> sorted, double share) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];

    private async Task<List<Settlement>> SettlementsAsync(IReadOnlyCollection<Guid> orderIds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT completed.occurred_at, charged.occurred_at
            FROM ordering.events AS completed
            LEFT JOIN invoicing.events AS charged ON charged.stream_id = completed.stream_id AND charged.type = 'MoneyCharged'
            WHERE completed.type = 'OrderCompleted' AND completed.stream_id = ANY(@streams)
            """,
            connection);
        command.Parameters.AddWithValue("streams", orderIds.Select(id => $"order/{id}").ToArray());
        var settlements = new List<Settlement>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            settlements.Add(new Settlement(reader.GetFieldValue<DateTimeOffset>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return settlements;
    }

    private sealed record Settlement(DateTimeOffset CompletedAt, DateTimeOffset? ChargedAt);
}
