using System.Collections.Concurrent;
using HelperPlatform.Activities.Ordering.Orders;
using HelperPlatform.Host.Platform;
using HelperPlatform.Workflows.Ordering;
using Npgsql;

namespace HelperPlatform.Host.Ordering;

/// <summary>
/// Tells waiting order reads (<c>GET /api/orders/{id}?waitForStatus=…</c>) when their order reaches the status they
/// wait for, from PostgreSQL's announcements of status changes (<see cref="OrderStatusNotifications"/>): one
/// listening connection per process, whichever process's workflow wrote the change. A wait registers before its
/// caller reads the order, so a change between that read and the wait is not missed; while the connection is down
/// announcements are lost, so every wait is woken when it is back, and the waits re-read the order.
/// </summary>
public sealed class OrderStatusWatch(PlatformDatabase database, TimeProvider time, ILogger<OrderStatusWatch> logger) : BackgroundService, IRuntimeReport
{
    /// <summary>The listening connection's name in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "helperplatform-order-status-watch";

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestReconnectDelay = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, List<Watch>> watches = new();
    private volatile bool stopping;
    private volatile bool listening;
    private int waiting;

    /// <summary>Whether the listening connection is up now (announcements arrive).</summary>
    public bool IsListening => listening;

    /// <summary>How many reads wait now.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    string IRuntimeReport.Name => "orderStatusWaits";

    object IRuntimeReport.Read() => new OrderStatusWaitsRuntime(IsListening, Waiting);

    /// <summary>
    /// A wait for <paramref name="orderId"/> to show <paramref name="wanted"/>; its <see cref="Watch.Woken"/> completes
    /// when an announcement says so, or that the order closed (it will never show another status), or when the
    /// listening connection comes back, or the process stops. Dispose it when done.
    /// </summary>
    public Watch Start(Guid orderId, OrderStatus wanted)
    {
        var watch = new Watch(this, orderId, wanted);
        Register(watch);
        // Checked after registering: a stop that began before has woken every registered watch but maybe not this one.
        if (stopping)
        {
            watch.Wake();
        }

        return watch;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Waiting reads answer now, so they do not hold up the shutdown.
        stopping = true;
        WakeAll();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                // A connection that was up is retried soon; one that cannot be made, less and less often.
                delay = listening || delay == TimeSpan.Zero ? FirstReconnectDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestReconnectDelay.Ticks));
                listening = false;
                logger.LogWarning(e, "Listening for order status changes failed; reads waiting for a status are answered when it is back, or at their time limit. Retrying in {Delay}", delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // Its own connection, outside the pool: it stays open as long as the process, and keepalives find a dead one.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30, ApplicationName = ApplicationName }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, announcement) => Announce(announcement.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {OrderStatusNotifications.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        listening = true;
        // Changes made while nobody listened were not announced here.
        WakeAll();
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void Register(Watch watch)
    {
        while (true)
        {
            var forOrder = watches.GetOrAdd(watch.OrderId, _ => []);
            lock (forOrder)
            {
                // Stop drops an emptied list under its lock; one dropped before this lock was taken is no longer watched.
                if (watches.TryGetValue(watch.OrderId, out var current) && ReferenceEquals(current, forOrder))
                {
                    forOrder.Add(watch);
                    Interlocked.Increment(ref waiting);
                    return;
                }
            }
        }
    }

    private void Announce(string payload)
    {
        if (!OrderStatusNotifications.TryParse(payload, out var orderId, out var status) || !watches.TryGetValue(orderId, out var forOrder))
        {
            return;
        }

        lock (forOrder)
        {
            foreach (var watch in forOrder.Where(watch => watch.IsReachedBy(status)))
            {
                watch.Wake();
            }
        }
    }

    private void WakeAll()
    {
        foreach (var forOrder in watches.Values)
        {
            lock (forOrder)
            {
                forOrder.ForEach(watch => watch.Wake());
            }
        }
    }

    private void Stop(Watch watch)
    {
        if (!watches.TryGetValue(watch.OrderId, out var forOrder))
        {
            return;
        }

        lock (forOrder)
        {
            if (forOrder.Remove(watch))
            {
                Interlocked.Decrement(ref waiting);
            }

            if (forOrder.Count == 0)
            {
                watches.TryRemove(new KeyValuePair<Guid, List<Watch>>(watch.OrderId, forOrder));
            }
        }
    }

    /// <summary>One waiting read's interest in one order.</summary>
    public sealed class Watch : IDisposable
    {
        private readonly OrderStatusWatch owner;
        private readonly TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Watch(OrderStatusWatch owner, Guid orderId, OrderStatus wanted)
        {
            this.owner = owner;
            OrderId = orderId;
            Wanted = wanted;
        }

        public Guid OrderId { get; }

        public OrderStatus Wanted { get; }

        /// <summary>The order shows <see cref="Wanted"/>, or is closed (Completed, Cancelled, Failed) and never will.</summary>
        public bool IsReachedBy(OrderStatus status) => status == Wanted || status is OrderStatus.Completed or OrderStatus.Cancelled or OrderStatus.Failed;

        /// <summary>Completes when the order may show <see cref="Wanted"/> or be closed: re-read it then.</summary>
        public Task Woken => woken.Task;

        internal void Wake() => woken.TrySetResult();

        public void Dispose() => owner.Stop(this);
    }
}
