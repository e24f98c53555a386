using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Tests.Infrastructure;
using Npgsql;

namespace HelperPlatform.Tests.Platform;

/// <summary>The platform's connections keep their prepared statements across pool returns, unless the connection string says otherwise.</summary>
public sealed class PoolTuningTests
{
    private const string RepeatedQuery = "SELECT count(*) FROM pg_class WHERE relname = 'pool_tuning_probe'";

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
}
