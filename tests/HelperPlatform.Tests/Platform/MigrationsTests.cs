using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HelperPlatform.Tests.Platform;

/// <summary>A model change without its committed migration would leave production behind; catch it here.</summary>
public sealed class MigrationsTests
{
    public static TheoryData<string> Databases() => new(["Identity", .. BoundedContexts.All.Select(context => context.ToString())]);

    [Theory]
    [MemberData(nameof(Databases))]
    public void Model_MatchesCommittedMigrations(string database)
    {
        var services = new ServiceCollection();
        Type type;
        if (BoundedContexts.TryParse(database, out var context))
        {
            services.AddContextDatabase(context, "Host=model-only.invalid");
            type = ContextDatabases.DbContextType(context);
        }
        else
        {
            services.AddIdentityStore("Host=model-only.invalid");
            type = typeof(IdentityStoreDbContext);
        }

        using var provider = services.BuildServiceProvider();
        var db = (DbContext)provider.GetRequiredService(type);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{database} has model changes without a migration: run tools/MigrationScaffolder");
    }
}
