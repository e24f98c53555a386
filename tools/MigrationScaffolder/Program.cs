using System.Reflection;
using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;

// Adds an EF Core migration to activities/<Context>/Migrations. It does what `dotnet ef migrations add`
// does; the dotnet-ef tool is not available from the package registry these machines reach.
//   dotnet run --project tools/MigrationScaffolder -- <Context|Identity|all> <MigrationName>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run --project tools/MigrationScaffolder -- <Context|Identity|all> <MigrationName>");
    return 2;
}

var activitiesDirectory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../activities"));
var targets = args[0].Equals("all", StringComparison.OrdinalIgnoreCase)
    ? ["Identity", .. BoundedContexts.All.Select(context => context.ToString())]
    : new[] { args[0] };
foreach (var target in targets)
{
    using var db = CreateDbContext(target);
    var folder = target.Equals("Identity", StringComparison.OrdinalIgnoreCase) ? "Identity" : target;
#pragma warning disable EF1001 // The design-time services are what dotnet-ef itself drives.
    var reporter = new OperationReporter(handler: null);
    var designTime = new DesignTimeServicesBuilder(db.GetType().Assembly, Assembly.GetExecutingAssembly(), reporter, [])
        .Build(db);
#pragma warning restore EF1001
    var scaffolder = designTime.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(args[1], "HelperPlatform.Activities", $"{folder}.Migrations", "C#");
    var files = scaffolder.Save(activitiesDirectory, migration, Path.Combine(activitiesDirectory, folder, "Migrations"));
    Console.WriteLine($"{target}: {files.MigrationFile}");
}

return 0;

static DbContext CreateDbContext(string target)
{
    // Scaffolding never connects; the connection string only selects the Npgsql provider.
    const string connectionString = "Host=scaffolding.invalid";
    var services = new ServiceCollection();
    Type type;
    if (target.Equals("Identity", StringComparison.OrdinalIgnoreCase))
    {
        services.AddIdentityStore(connectionString);
        type = typeof(IdentityStoreDbContext);
    }
    else if (BoundedContexts.TryParse(target, out var context))
    {
        services.AddContextDatabase(context, connectionString);
        type = ContextDatabases.DbContextType(context);
    }
    else
    {
        throw new ArgumentException($"'{target}' is neither Identity nor a bounded context ({string.Join(", ", BoundedContexts.All)}).");
    }

    return (DbContext)services.BuildServiceProvider().GetRequiredService(type);
}
