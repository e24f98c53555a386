using System.Net;
using System.Net.Http.Json;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Tests.Infrastructure;
using Npgsql;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// Requests whose callers give up while their query runs leave the connection pool as they found it: the next
/// requests on the same few connections succeed.
/// </summary>
public sealed class CancelledRequestsTests
{
    private const int PoolSize = 2;

    [Fact]
    public async Task RequestsCancelledMidQuery_LeaveThePoolUsable_ForTheRequestsAfterThem()
    {
        // A small pool, so every later request runs on a connection a cancelled one used.
        await using var host = await PlatformHost.StartAsync(database =>
        {
            database.MaxPoolSize = PoolSize;
            return database;
        });
        using var manager = await host.CreateClientAsync(PlatformRoles.Manager);

        await using (var blocker = new NpgsqlConnection(host.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var locks = await blocker.BeginTransactionAsync();
            await using (var lockTables = new NpgsqlCommand("""LOCK TABLE identity."AspNetUsers", ordering.orders IN ACCESS EXCLUSIVE MODE""", blocker, locks))
            {
                await lockTables.ExecuteNonQueryAsync();
            }

            using var giveUp = new CancellationTokenSource();
            var abandoned = Enumerable.Range(0, 12).Select(index => AbandonAsync(host, manager, index, giveUp.Token)).ToArray();
            await WaitUntilQueriesWaitForTheLocksAsync(blocker);
            await giveUp.CancelAsync();
            await Task.WhenAll(abandoned);
            await locks.RollbackAsync();
        }

        var failures = new List<string>();
        for (var round = 0; round < 10; round++)
        {
            using var anonymous = host.CreateClient();
            using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = $"{PlatformRoles.Manager}@staff.test", password = PlatformHost.StaffPassword });
            using var orders = await manager.GetAsync("/api/orders");
            foreach (var response in new[] { login, orders })
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>Sends a sign-in or an order list, whose query waits for the locks until the caller gives up.</summary>
    private static async Task AbandonAsync(PlatformHost host, HttpClient manager, int index, CancellationToken giveUp)
    {
        using var anonymous = host.CreateClient();
        try
        {
            using var response = index % 2 == 0
                ? await anonymous.PostAsJsonAsync("/api/auth/login", new { email = $"{PlatformRoles.Manager}@staff.test", password = PlatformHost.StaffPassword }, giveUp)
                : await manager.GetAsync("/api/orders", giveUp);
            Assert.Fail($"Request {index} finished ({response.StatusCode}) although its query was blocked.");
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            // Given up, as intended.
        }
    }

    /// <summary>Until the host runs queries that wait for the test's locks (the other requests wait for a connection).</summary>
    private static async Task WaitUntilQueriesWaitForTheLocksAsync(NpgsqlConnection blocker)
    {
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", blocker);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((long)(await waiting.ExecuteScalarAsync())! == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The requests' queries never waited for the locks.");
            await Task.Delay(20);
        }
    }
}
