using HelperPlatform.Activities.Identity;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Activities.Platform.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// Npgsql with snake_case names and the migrations history kept inside <paramref name="schema"/>, the
    /// convention every database of the platform follows.
    /// </summary>
    public static DbContextOptionsBuilder UsePlatformPostgres(
        this DbContextOptionsBuilder options, string connectionString, string schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(ContextDbContext.MigrationsHistoryTable, schema))
            .UseSnakeCaseNamingConvention();
    }

    public static IServiceCollection AddContextDatabase<TDbContext>(
        this IServiceCollection services, BoundedContext context, string connectionString)
        where TDbContext : ContextDbContext =>
        services.AddDbContext<TDbContext>(options => options.UsePlatformPostgres(connectionString, context.Schema()));

    public static IServiceCollection AddIdentityStore(this IServiceCollection services, string connectionString) =>
        services.AddDbContext<IdentityStoreDbContext>(options =>
            options.UsePlatformPostgres(connectionString, IdentityStoreDbContext.Schema));
}
