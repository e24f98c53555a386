using System.Diagnostics;
using System.Globalization;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Ordering;
using Npgsql;
using Xunit.Abstractions;

namespace HelperPlatform.Tests.Faults;

/// <summary>
/// The sizes of the fault suite: short in CI; <c>HELPERPLATFORM_FAULTS=long</c> runs the lengths (30 orders,
/// PostgreSQL down 60 s, the contractor down 2 minutes, the host down past the contractor's callback retries, the
/// purchase's first check waited for in real time, Golden Hat down 5 minutes).
/// </summary>
internal sealed record FaultScale(
    string Name, int Orders, TimeSpan HostDown, TimeSpan PostgresDown, TimeSpan TemporalDown, TimeSpan ContractorDown, TimeSpan GoldenHatDown, TimeSpan OrderLimit)
{
    public const string Variable = "HELPERPLATFORM_FAULTS";

    public static FaultScale Current { get; } = Environment.GetEnvironmentVariable(Variable) == "long"
        ? new("long", 30, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15))
        : new("short", 8, TimeSpan.Zero, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(4));

    public bool IsLong => Name == "long";
}

/// <summary>
/// One scenario's platform, people and orders in flight: <see cref="StartAsync"/> sets up the platform and starts the
/// staff; <see cref="Launch"/> sends orders on their way; <see cref="FinishAsync"/> waits for them, audits the database
/// and prints the scenario's figures.
/// </summary>
internal sealed class FaultScenario : IAsyncDisposable
{
    private readonly ITestOutputHelper output;
    private readonly CancellationTokenSource stopStaff = new();
    private readonly List<Task> orders = [];
    /// <summary>Longer than the one-minute longest retry interval of the order workflow's records.</summary>
    private static readonly TimeSpan RecordsCatchUp = TimeSpan.FromMinutes(2);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private Task staff = Task.CompletedTask;

    private FaultScenario(ITestOutputHelper output, FaultPlatform platform, string sku, int initialStock)
    {
        this.output = output;
        Platform = platform;
        Sku = sku;
        InitialStock = initialStock;
    }

    public FaultPlatform Platform { get; }

    public string Sku { get; }

    public int InitialStock { get; }

    public Answers Answers { get; } = new();

    public FaultOrders Orders { get; private set; } = null!;

    /// <summary>When the last fault ended (the process restarted, the server started again), for the recovery time.</summary>
    public TimeSpan FaultEnded { get; private set; }

    public static Task<FaultScenario> StartAsync(ITestOutputHelper output, int workers, int initialStock, params string[] hostSettings) =>
        StartAsync(output, FaultPlatformLayout.SeparateProcesses, workers, initialStock, hostSettings);

    public static async Task<FaultScenario> StartAsync(ITestOutputHelper output, FaultPlatformLayout layout, int workers, int initialStock, params string[] hostSettings)
    {
        var platform = await FaultPlatform.StartAsync(layout, workers, hostSettings);
        var sku = OrderFlow.UniqueSku();
        var scenario = new FaultScenario(output, platform, sku, initialStock);
        try
        {
            var manager = await platform.PersonAsync(PlatformRoles.Manager);
            var pool = await platform.WorkersAsync();
            await platform.SeedAsync(pool, OrderFlow.SkillFor(sku), sku, initialStock);
            var serviceType = await FaultPlatform.PublishAsync(manager, sku);
            scenario.Orders = new FaultOrders(
                scenario.Answers,
                await platform.PersonAsync(PlatformRoles.Client),
                await platform.PersonAsync(PlatformRoles.Warehouse),
                manager,
                pool,
                serviceType,
                FaultScale.Current.OrderLimit);
            scenario.staff = Task.Run(() => scenario.Orders.RunStaffAsync(scenario.stopStaff.Token));
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="count"/> orders on their way at once, numbered from <paramref name="first"/>: each is placed and followed to its end.</summary>
    public void Launch(int count, int first = 0)
    {
        foreach (var index in Enumerable.Range(first, count))
        {
            orders.Add(Task.Run(async () => await Orders.CompleteAsync(await Orders.PlaceAsync(index))));
        }
    }

    /// <summary>Follows an order placed earlier to its end, as <see cref="Launch"/> does.</summary>
    public void Follow(Guid orderId) => orders.Add(Task.Run(() => Orders.CompleteAsync(orderId)));

    /// <summary>Sends <paramref name="count"/> orders on their way and returns their ids once placed; nothing follows them.</summary>
    public async Task<IReadOnlyList<Guid>> PlaceAsync(int count, int first = 0) =>
        await Task.WhenAll(Enumerable.Range(first, count).Select(index => Task.Run(() => Orders.PlaceAsync(index))));

    public void MarkFaultEnded() => FaultEnded = clock.Elapsed;

    /// <summary>Waits until <paramref name="sql"/> (a count over the platform's database) is at least <paramref name="atLeast"/>.</summary>
    public Task UntilAsync(string what, string sql, int atLeast = 1) => Eventually.HoldsAsync(
        async () =>
        {
            await using var connection = new NpgsqlConnection(Platform.TestConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= atLeast;
        },
        FaultScale.Current.OrderLimit,
        () => $"{what} never happened{Environment.NewLine}{Platform.Tails()}");

    /// <summary>Waits for every launched order to complete, stops the staff, audits the database and prints the figures.</summary>
    public async Task<PlatformAudit> FinishAsync(string name)
    {
        try
        {
            await Task.WhenAll(orders);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{Answers}{Environment.NewLine}{Platform.Tails()}", e);
        }

        var completedAt = clock.Elapsed;
        await StopStaffAsync();
        var audit = await SettledAuditAsync();
        Report(name, audit, $"all orders completed {(completedAt - FaultEnded).TotalSeconds:0.0} s after the fault ended");
        return audit;
    }

    /// <summary>
    /// The audit once the records other contexts keep of an order have caught up: the order workflow writes the photo
    /// report's acceptance alongside its own progress, so after an outage that retry may land after the order completed.
    /// </summary>
    private async Task<PlatformAudit> SettledAuditAsync()
    {
        var deadline = DateTimeOffset.UtcNow + RecordsCatchUp;
        while (true)
        {
            var audit = await PlatformAudit.ReadAsync(Platform.TestConnectionString, Sku, InitialStock);
            if (audit.UnacceptedPhotoReports == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return audit;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Prints the scenario's figures (the test's output; <c>dotnet test --logger "console;verbosity=detailed"</c> shows them).</summary>
    public void Report(string name, PlatformAudit audit, string recovery) =>
        output.WriteLine($"FAULT {name} [{FaultScale.Current.Name}]: {audit}; answers: {Answers}; {recovery}; run {clock.Elapsed.TotalSeconds:0} s");

    public async Task StopStaffAsync()
    {
        await stopStaff.CancelAsync();
        await staff;
    }

    public async ValueTask DisposeAsync()
    {
        await stopStaff.CancelAsync();
        await Platform.DisposeAsync();
        // The orders' and staff's requests now fail fast (nothing listens); they end at their deadlines or at once.
        await Task.WhenAny(Task.WhenAll(orders.Append(staff)).ContinueWith(_ => { }, TaskScheduler.Default), Task.Delay(TimeSpan.FromSeconds(5)));
        stopStaff.Dispose();
    }
}
