using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Postgres;

try
{
    await using var platform = await PlatformApplication.BuildAsync(args);
    if (args.Contains(PlatformApplication.MigrateCommand))
    {
        await DatabaseMigrator.MigrateAsync(platform.App.Services, CancellationToken.None);
        return 0;
    }

    await platform.App.RunAsync();
    return 0;
}
catch (PostgresUnavailableException e)
{
    // A missing prerequisite is a one-line instruction, not a stack trace.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
