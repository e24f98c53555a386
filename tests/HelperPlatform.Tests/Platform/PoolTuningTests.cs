using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HelperPlatform.Tests.Platform;

/// <summary>
/// The platform's connections keep their prepared statements across pool returns, unless the connection string says
/// otherwise, and a statement whose first prepared run failed is prepared afresh rather than left half-prepared.
/// </summary>
public sealed class PoolTuningTests
{
    private const string RepeatedQuery = "SELECT count(*) FROM pg_class WHERE relname = 'pool_tuning_probe'";

    /// <summary>Npgsql prepares a statement on its fifth run (its default <c>AutoPrepareMinUsages</c>).</summary>
    private const int PreparingRun = 5;

    [Fact]
    public void WithPoolTuning_OnAPlainConnectionString_PreparesAndSkipsTheReset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceRegistration.WithPoolTuning("Host=db.example;Username=platform"));

        Assert.Equal(200, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db.example;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db.example;maxautoprepare=0;noresetonclose=false")]
    public void WithPoolTuning_WhenTheConnectionStringSetsThem_KeepsItsValues(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceRegistration.WithPoolTuning(connectionString));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }

    [Fact]
    public async Task TunedPool_AStatementSentAgainAndAgain_StaysPreparedAfterTheConnectionGoesBackToThePool()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = PersistenceRegistration.WithPoolTuning(
            new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { MaxPoolSize = 1, ApplicationName = "pool-tuning-test" }.ConnectionString);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        for (var use = 0; use < 10; use++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(RepeatedQuery, connection);
            await command.ExecuteScalarAsync();
        }

        await using var reopened = await dataSource.OpenConnectionAsync();
        await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = @query", reopened);
        prepared.Parameters.AddWithValue("query", RepeatedQuery);
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Npgsql_AStatementWhosePreparingRunFailsInTheBind_BreaksItsNextRun_WhichIsWhyThePlatformResetsIt()
    {
        // When this fails, Npgsql has mended its bookkeeping and PreparedStatementReset can go.
        await using var dataSource = NpgsqlDataSource.Create(await OneConnectionAsync("npgsql-bind-failure"));
        for (var run = 1; run < PreparingRun; run++)
        {
            await CountAsync(dataSource, "probe");
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => CountAsync(dataSource, "pro\0be"));
        var broken = await Assert.ThrowsAsync<Exception>(() => CountAsync(dataSource, "probe"));

        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, refused.SqlState);
        Assert.Contains("unexpected backend message DataRow", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformContexts_AfterAPreparingRunFailsInTheBind_RunTheStatementAgainOnTheSameConnection()
    {
        var options = new DbContextOptionsBuilder<ProbeContext>().UsePlatformPostgres(await OneConnectionAsync("platform-bind-failure"), "public").Options;
        for (var run = 1; run < PreparingRun; run++)
        {
            Assert.Equal(0, await CountAsync(options, "probe", CancellationToken.None));
        }

        await Assert.ThrowsAsync<PostgresException>(() => CountAsync(options, "pro\0be", CancellationToken.None));

        for (var run = 0; run < PreparingRun * 2; run++)
        {
            Assert.Equal(0, await CountAsync(options, "probe", CancellationToken.None));
        }
    }

    [Fact]
    public async Task PlatformContexts_AfterCommandsCancelledMidQuery_RunTheNextOnesOnTheSameConnection()
    {
        var options = new DbContextOptionsBuilder<ProbeContext>().UsePlatformPostgres(await OneConnectionAsync("platform-cancellation"), "public").Options;
        for (var run = 1; run <= PreparingRun * 2; run++)
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SleepAsync(options, giveUp.Token));
            Assert.Equal(0, await CountAsync(options, "probe", CancellationToken.None));
        }
    }

    /// <summary>A pool of one connection, so every run uses the connection the previous one left.</summary>
    private static async Task<string> OneConnectionAsync(string applicationName)
    {
        var server = await PostgresServer.GetAsync();
        return PersistenceRegistration.WithPoolTuning(
            new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { MaxPoolSize = 1, ApplicationName = applicationName }.ConnectionString);
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string name)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relname = $1", connection) { Parameters = { new() { Value = name } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> CountAsync(DbContextOptions options, string name, CancellationToken cancellationToken)
    {
        await using var db = new ProbeContext(options);
        return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_class WHERE relname = {name}").SingleAsync(cancellationToken);
    }

    private static async Task SleepAsync(DbContextOptions options, CancellationToken cancellationToken)
    {
        await using var db = new ProbeContext(options);
        await db.Database.ExecuteSqlAsync($"SELECT pg_sleep({1.0})", cancellationToken);
    }

    private sealed class ProbeContext(DbContextOptions options) : DbContext(options);
}
