using System.Data.Common;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HelperPlatform.Activities.Platform.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// Npgsql with snake_case names and the migrations history kept inside <paramref name="schema"/>, the
    /// convention every database of the platform follows; a connection a command failed on drops its prepared
    /// statements (<see cref="PreparedStatementReset"/>).
    /// </summary>
    public static DbContextOptionsBuilder UsePlatformPostgres(
        this DbContextOptionsBuilder options, string connectionString, string schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseNpgsql(WithPoolTuning(connectionString), npgsql => npgsql.MigrationsHistoryTable(ContextDbContext.MigrationsHistoryTable, schema))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(PreparedStatementReset.Instance);
    }

    /// <summary>
    /// Two pool settings that save PostgreSQL most of its per-statement overhead, unless the connection string
    /// sets them itself (e.g. behind a pooler in transaction mode): Npgsql prepares the statements a process
    /// sends again and again (PostgreSQL stops parsing and planning them each time), and a connection going
    /// back to the pool is not reset with <c>DISCARD ALL</c> (which would also drop those statements). Nothing
    /// in the platform leaves session state behind: its only lock is transaction-scoped. (Npgsql keeps prepared
    /// statements across its reset either way, so the reset would not mend one left half-prepared by a failed
    /// bind; <see cref="PreparedStatementReset"/> does.)
    /// </summary>
    public static string WithPoolTuning(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword is known, not whether the string
        // sets it, so what the caller wrote is read with the plain builder.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.ContainsKey("Max Auto Prepare") && !written.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 200;
        }

        if (!written.ContainsKey("No Reset On Close") && !written.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Pooled: every request and activity takes a context, and building one from scratch (its internal service
    /// provider, its change tracker) costs more than the query it runs. A returned context is reset.
    /// </summary>
    public static IServiceCollection AddContextDatabase<TDbContext>(
        this IServiceCollection services, BoundedContext context, string connectionString)
        where TDbContext : ContextDbContext =>
        services.AddDbContextPool<TDbContext>(options => options.UsePlatformPostgres(connectionString, context.Schema()));

    public static IServiceCollection AddIdentityStore(this IServiceCollection services, string connectionString) =>
        services.AddDbContextPool<IdentityStoreDbContext>(options =>
            options.UsePlatformPostgres(connectionString, IdentityStoreDbContext.Schema));
}
