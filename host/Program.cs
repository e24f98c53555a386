using HelperPlatform.Host.Platform;
using HelperPlatform.Host.Platform.Postgres;
using Microsoft.Extensions.Options;

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
catch (HelperPlatform.DevServer.Persistence.DevServerDatabaseException e)
{
    // The embedded dev server's schema is taken or laid out by an earlier version: the message says what to do.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
catch (OptionsValidationException e)
{
    // A setting out of range names itself and its rule; the stack trace would only hide that.
    await Console.Error.WriteLineAsync($"The configuration is not valid: {string.Join(" ", e.Failures)}");
    return 1;
}
