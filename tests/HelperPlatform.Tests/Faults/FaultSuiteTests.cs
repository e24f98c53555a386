using System.Diagnostics;
using System.Net;
using Npgsql;
using Xunit.Abstractions;

namespace HelperPlatform.Tests.Faults;

/// <summary>
/// The fault suite of issue 17: the platform as in production (each part its own process, <see cref="FaultPlatform"/>)
/// with orders in flight at every step, one fault injected, and the database audited afterwards: every order
/// completes, nothing is duplicated, and no answer was a 500. The sizes are <see cref="FaultScale"/>'s; the figures
/// are printed (docs/reliability.md records them).
/// </summary>
public sealed class FaultSuiteTests(ITestOutputHelper output)
{
    private static readonly FaultScale Scale = FaultScale.Current;

    /// <summary>Only what a fault may excuse: 409 for a kit confirmed from a list read before an earlier confirmation landed.</summary>
    private static readonly string[] ExpectedErrors = ["409", "503", Answers.NoAnswer];

    [Fact]
    public Task HostKilledThreeTimes_WhilePlacingPurchasingAndExecuting_EveryOrderCompletesOnce() =>
        KillHostThreeTimesAsync(FaultPlatformLayout.SeparateProcesses, "host kill -9 ×3");

    [Fact]
    public async Task PostgresStopped_MidFlight_OnlyServiceUnavailable_ThenEveryOrderCompletesOnce()
    {
        // Half the kits from the shelf, half bought, so the outage finds orders at every step.
        await using var scenario = await FaultScenario.StartAsync(output, workers: Scale.Orders, initialStock: Scale.Orders);
        scenario.Launch(Scale.Orders);
        await scenario.UntilAsync("an order being executed", "SELECT count(*) FROM ordering.orders WHERE status IN ('AwaitingCheckIn', 'AwaitingPhotoReport', 'Completed')");

        await scenario.Platform.StopPostgresAsync();
        await Task.Delay(Scale.PostgresDown); // the outage itself, not a wait for a result
        await scenario.Platform.StartPostgresAsync();
        scenario.MarkFaultEnded();

        var audit = await scenario.FinishAsync($"PostgreSQL stopped {Scale.PostgresDown.TotalSeconds:0} s");
        AssertAllCompletedOnce(scenario, audit, Scale.Orders);
        Assert.True(scenario.Answers.Count("503") > 0, "The outage was never seen: no 503.");
        Assert.Equal(0, scenario.Answers.Count(Answers.NoAnswer) - scenario.Answers.TimedOut);
        if (Scale.PostgresDown < FaultPlatform.ClientTimeout)
        {
            // An update waits for its workflow's write while PostgreSQL is down (docs/reliability.md): answered within the client's patience only when the outage is shorter.
            Assert.Equal(0, scenario.Answers.TimedOut);
        }
    }

    [Fact]
    public async Task ContractorDown_ThenRestartedForgettingItsPurchases_EveryOrderCompletesOnce()
    {
        await using var scenario = await FaultScenario.StartAsync(output, workers: Scale.Orders, initialStock: 0);
        await scenario.Platform.KillContractorAsync();
        scenario.Launch(Scale.Orders);
        await scenario.UntilAsync("every pick short of stock", "SELECT count(*) FROM warehouse.picks WHERE stage = 'AwaitingDelivery'", Scale.Orders);
        await Task.Delay(Scale.ContractorDown); // the outage itself

        // Back, but it accepts without delivering, and is then restarted and forgets every purchase it accepted.
        await scenario.Platform.StartContractorAsync(deliveryDelay: TimeSpan.FromHours(1));
        await Eventually.HoldsAsync(
            async () => await scenario.Platform.PurchasesTheContractorKnowsAsync() >= Scale.Orders,
            Scale.OrderLimit,
            () => $"the contractor never accepted every purchase{Environment.NewLine}{scenario.Platform.Tails()}");
        await scenario.Platform.KillContractorAsync();
        await scenario.Platform.StartContractorAsync();
        scenario.MarkFaultEnded();
        if (!Scale.IsLong)
        {
            // The purchases ask the contractor first after five minutes: CI moves the dev server's clock there.
            await scenario.Platform.SkipTemporalTimeAsync(Workflows.Warehouse.CookiePurchaseWorkflow.FirstCheckAfter);
        }

        var audit = await scenario.FinishAsync($"contractor down {Scale.ContractorDown.TotalSeconds:0} s, then restarted forgetting");
        AssertAllCompletedOnce(scenario, audit, Scale.Orders);
        Assert.Equal(Scale.Orders, audit.PurchaseOrders);
    }

    /// <summary>
    /// Golden Hat refusing every connection while the invoices of completed orders are being charged (its own process,
    /// which keeps its payments): each invoice waits, its charge retried with the same idempotency key, and is paid
    /// once Golden Hat is back, with exactly one charge each as Golden Hat's settlement report counts them.
    /// </summary>
    [Fact]
    public async Task GoldenHatDown_WhileInvoicesAreCharged_EveryInvoiceIsPaidOnceAfter()
    {
        await using var scenario = await FaultScenario.StartAsync(output, workers: Scale.Orders, initialStock: 4 * Scale.Orders);
        await scenario.Orders.RegisterPaymentMethodAsync(GoldenHat.TestTokens.Succeeds);
        scenario.Launch(Scale.Orders);
        await scenario.UntilAsync("an invoice issued", "SELECT count(*) FROM invoicing.invoices");
        await scenario.Platform.SetGoldenHatOutageAsync(GoldenHat.Outages.RefuseConnections);
        await Task.Delay(Scale.GoldenHatDown); // the outage itself
        await scenario.Platform.SetGoldenHatOutageAsync(GoldenHat.Outages.None);
        scenario.MarkFaultEnded();
        var sinceRecovery = Stopwatch.StartNew();
        await scenario.UntilAsync("every invoice paid", "SELECT count(*) FROM invoicing.invoices WHERE status = 'Paid'", Scale.Orders);
        var paidIn = sinceRecovery.Elapsed;

        var audit = await scenario.FinishAsync($"Golden Hat refusing connections {Scale.GoldenHatDown.TotalSeconds:0} s");
        var charges = await scenario.Platform.GoldenHatChargesAsync();
        output.WriteLine($"every invoice paid {paidIn.TotalSeconds:0.0} s after Golden Hat was back; Golden Hat's charges: {charges.Count}, {charges.Amount:0.00}");
        AssertAllCompletedOnce(scenario, audit, Scale.Orders);
        Assert.Equal((Scale.Orders, await InvoicedAsync(scenario)), charges);
    }

    /// <summary>
    /// The in-memory dev server killed and started again empty: while it is down, what needs Temporal answers 503 and
    /// what only reads PostgreSQL answers; orders placed meanwhile complete once it is back. The orders in flight lose
    /// their workflows. Those never updated since their placement look unstarted, so the host starts them again
    /// (issue 17 F; after 5 s here) and they complete; the reconciliation (issue 17 E; every 2 s here) fails the others
    /// and frees their stock, worker and offers. Nothing is duplicated or left orphaned.
    /// </summary>
    [Fact]
    public async Task TemporalRestartedEmpty_MidFlight_Answers503WhileDown_AndOrdersPlacedMeanwhileComplete()
    {
        await using var scenario = await FaultScenario.StartAsync(
            output, workers: Scale.Orders + 2, initialStock: 4 * Scale.Orders, "Ordering:UnstartedOrders:StartAfter=00:00:05", "Ordering:UnstartedOrders:CheckInterval=00:00:01",
            // The reconciliation every 2 s, so the suite sees it close the lost orders; their workflows are gone, not busy.
            "Ordering:Reconciliation:Period=00:00:02", "Ordering:Reconciliation:Grace=00:00:05");
        var lost = await scenario.PlaceAsync(Scale.Orders / 2);
        await scenario.UntilAsync("an order waiting for its check-in", "SELECT count(*) FROM ordering.orders WHERE status = 'AwaitingCheckIn'", Scale.Orders / 2);
        var waiting = await WaitingForCheckInAsync(scenario);
        // The second half is on its way (picking, matching) when the server goes.
        lost = [.. lost, .. await scenario.PlaceAsync(Scale.Orders - (Scale.Orders / 2), first: Scale.Orders / 2)];

        await scenario.Platform.KillTemporalAsync();
        var outage = Stopwatch.StartNew();
        // Placed while Temporal is down: answered 503 until it is back, then it must go all the way.
        scenario.Launch(2, first: Scale.Orders);
        var duringOutage = await scenario.Orders.CheckInOnceAsync(waiting.OrderId, waiting.WorkerId);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, duringOutage?.StatusCode);
        if (outage.Elapsed < Scale.TemporalDown)
        {
            await Task.Delay(Scale.TemporalDown - outage.Elapsed); // the rest of the outage itself
        }
        scenario.Platform.StartTemporal();
        var sinceRestart = Stopwatch.StartNew();
        await scenario.Platform.WaitUntilReadyAsync();
        scenario.MarkFaultEnded();
        using var afterRestart = await scenario.Orders.CheckInOnceAsync(waiting.OrderId, waiting.WorkerId);
        var untouched = await NeverUpdatedAsync(scenario, lost);
        foreach (var orderId in untouched)
        {
            scenario.Follow(orderId);
        }

        await scenario.UntilAsync(
            "every order completed or, its workflow lost, failed by the reconciliation",
            "SELECT (count(*) = 0)::int FROM ordering.orders WHERE status NOT IN ('Completed', 'Failed')");
        var reconciledIn = sinceRestart.Elapsed;
        var audit = await scenario.FinishAsync($"dev server restarted empty after {Scale.TemporalDown.TotalSeconds:0} s");
        output.WriteLine($"lost orders never updated since their placement, started again and completed: {untouched.Count} of {lost.Count}");
        output.WriteLine($"the other lost orders failed by the reconciliation, and what they held freed, {reconciledIn.TotalSeconds:0.0} s after the restart");
        output.WriteLine($"a check-in on a lost order after the restart: {(int?)afterRestart?.StatusCode} {(afterRestart is null ? string.Empty : await afterRestart.Content.ReadAsStringAsync())}");
        Assert.Empty(scenario.Answers.Unexcused);
        // 404: an update of an order or pick whose workflow was lost ("There is no open order with this id").
        Assert.Subset(ExpectedErrors.Append("404").ToHashSet(StringComparer.Ordinal), scenario.Answers.ErrorCodes.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(2 + untouched.Count, audit.Completed);
        Assert.Equal(Scale.Orders - untouched.Count, audit.OrdersByStatus.GetValueOrDefault("Failed"));
        Assert.Equal(new UnfinishedHoldings(0, 0, 0), audit.Held);
        Assert.Equal(0, audit.Duplicates);
        Assert.Equal((0, 0), (audit.UnacceptedPhotoReports, audit.StockImbalance));
    }

    /// <summary>
    /// Issue 23: the durable dev server, its own process, killed twice mid-flight (orders being placed and bought for,
    /// then orders being executed) and started again on its database while the host keeps running. It resumes every
    /// workflow where its last acknowledged step left it, so every order completes once and none is lost.
    /// </summary>
    [Fact]
    public async Task DurableDevServerKilledTwice_MidFlight_ResumesEveryWorkflow_EveryOrderCompletesOnce()
    {
        await using var scenario = await FaultScenario.StartAsync(output, FaultPlatformLayout.DurableDevServer, workers: Scale.Orders, initialStock: 0);
        scenario.Launch(Scale.Orders);

        await scenario.UntilAsync("a purchase placed and not delivered", "SELECT count(*) FROM warehouse.purchase_orders WHERE delivered_at IS NULL");
        await KillAndRestartDevServerAsync(scenario);
        await scenario.UntilAsync("an order at check-in or its photo report", "SELECT count(*) FROM ordering.orders WHERE status IN ('AwaitingCheckIn', 'AwaitingPhotoReport')");
        await KillAndRestartDevServerAsync(scenario);

        var audit = await scenario.FinishAsync("durable dev server kill -9 ×2");
        AssertAllCompletedOnce(scenario, audit, Scale.Orders);
    }

    /// <summary>
    /// Issue 23: the host on its embedded default, its PostgreSQL kept in a data directory and the durable dev server in
    /// its process, killed three times mid-flight. Each kill takes the host's dev server and its database connection
    /// with it; the next start finds the service type, the accounts, the orders and their workflows, and every order
    /// completes once.
    /// </summary>
    [Fact]
    public Task HostOnTheEmbeddedDefaultKilledThreeTimes_KeepsItsDataAndWorkflows_EveryOrderCompletesOnce() =>
        KillHostThreeTimesAsync(FaultPlatformLayout.EmbeddedDefault, "embedded default host kill -9 ×3");

    /// <summary>The host killed and restarted with orders being placed, bought for (an empty shelf: every pick buys from the contractor) and executed.</summary>
    private async Task KillHostThreeTimesAsync(FaultPlatformLayout layout, string name)
    {
        await using var scenario = await FaultScenario.StartAsync(output, layout, workers: Scale.Orders, initialStock: 0);
        scenario.Launch(Scale.Orders);

        await scenario.UntilAsync("a third of the orders placed", "SELECT count(*) FROM ordering.orders", Scale.Orders / 3);
        await KillAndRestartHostAsync(scenario);
        await scenario.UntilAsync("a purchase placed and not delivered", "SELECT count(*) FROM warehouse.purchase_orders WHERE delivered_at IS NULL");
        await KillAndRestartHostAsync(scenario);
        await scenario.UntilAsync("an order at check-in or its photo report", "SELECT count(*) FROM ordering.orders WHERE status IN ('AwaitingCheckIn', 'AwaitingPhotoReport')");
        await KillAndRestartHostAsync(scenario);

        var audit = await scenario.FinishAsync(name);
        AssertAllCompletedOnce(scenario, audit, Scale.Orders);
    }

    private static async Task KillAndRestartDevServerAsync(FaultScenario scenario)
    {
        await scenario.Platform.KillTemporalAsync();
        await Task.Delay(Scale.HostDown); // the outage itself
        scenario.Platform.StartTemporal();
        await scenario.Platform.WaitUntilReadyAsync();
        scenario.MarkFaultEnded();
    }

    private static async Task KillAndRestartHostAsync(FaultScenario scenario)
    {
        await scenario.Platform.KillHostAsync();
        await Task.Delay(Scale.HostDown); // the outage itself
        var restarted = Stopwatch.StartNew();
        await scenario.Platform.StartHostAsync();
        scenario.MarkFaultEnded();
        Assert.True(restarted.Elapsed < TimeSpan.FromMinutes(1), $"The host took {restarted.Elapsed.TotalSeconds:0} s to become ready again.");
    }

    /// <summary>The orders among <paramref name="orders"/> still exactly as their placement stored them.</summary>
    private static async Task<IReadOnlyList<Guid>> NeverUpdatedAsync(FaultScenario scenario, IReadOnlyList<Guid> orders)
    {
        await using var connection = new NpgsqlConnection(scenario.Platform.TestConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM ordering.orders WHERE id = ANY(@ids) AND updated_at = placed_at", connection);
        command.Parameters.AddWithValue("ids", orders.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var found = new List<Guid>();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    private static async Task<(Guid OrderId, string WorkerId)> WaitingForCheckInAsync(FaultScenario scenario)
    {
        await using var connection = new NpgsqlConnection(scenario.Platform.TestConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, worker_id FROM ordering.orders WHERE status = 'AwaitingCheckIn' LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetGuid(0), reader.GetString(1));
    }

    /// <summary>The sum of every invoice's total.</summary>
    private static async Task<decimal> InvoicedAsync(FaultScenario scenario)
    {
        await using var connection = new NpgsqlConnection(scenario.Platform.TestConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(sum(total), 0) FROM invoicing.invoices", connection);
        return (decimal)(await command.ExecuteScalarAsync())!;
    }

    private static void AssertAllCompletedOnce(FaultScenario scenario, PlatformAudit audit, int orders)
    {
        Assert.Empty(scenario.Answers.Unexcused);
        Assert.Subset(ExpectedErrors.ToHashSet(StringComparer.Ordinal), scenario.Answers.ErrorCodes.ToHashSet(StringComparer.Ordinal));
        Assert.Equal((orders, orders), (audit.Orders, audit.Completed));
        Assert.Equal(0, audit.Duplicates);
        Assert.Equal((0, 0, 0), (audit.UnacceptedPhotoReports, audit.UndeliveredPurchaseOrders, audit.StockImbalance));
    }
}
