using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Host.Identity;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Platform;

/// <summary>
/// Applies the committed migrations of the identity schema and of every selected context's schema. Runs on
/// start in development (and always on the embedded database); production runs it once per release with
/// <c>HelperPlatform.Host migrate</c>.
/// </summary>
public static class DatabaseMigrator
{
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var selection = scope.ServiceProvider.GetRequiredService<ContextSelection>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));
        var databases = new List<DbContext> { scope.ServiceProvider.GetRequiredService<IdentityStoreDbContext>() };
        databases.AddRange(selection.Contexts.Select(context =>
            (DbContext)scope.ServiceProvider.GetRequiredService(ContextDatabases.DbContextType(context))));
        foreach (var database in databases)
        {
            await database.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("{Database} is at migration {Migration}", database.GetType().Name, database.Database.GetMigrations().LastOrDefault());
        }

        await scope.ServiceProvider.GetRequiredService<DevelopmentAccountsSeeder>().SeedAsync();
    }
}

/// <summary>Migrates before the server accepts requests when <c>Database:MigrateOnStart</c> (or the database is embedded).</summary>
public sealed class MigrateOnStartService(IServiceProvider services, IConfiguration configuration, PlatformDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        database.IsEmbedded || configuration.GetValue<bool>("Database:MigrateOnStart")
            ? DatabaseMigrator.MigrateAsync(services, cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
