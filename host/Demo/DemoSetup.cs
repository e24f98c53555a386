using HelperPlatform.Host.Platform;

namespace HelperPlatform.Host.Demo;

/// <summary>
/// <c>dotnet run --project host -- --demo</c> (or <c>Demo=true</c> in configuration): seeds the demo
/// (<see cref="DemoSeeder"/>) after the migrations and before the host serves, and prints its sign-ins with the staff's.
/// </summary>
public static class DemoSetup
{
    public const string Option = "--demo";
    public const string ConfigurationKey = "Demo";

    /// <summary>The command line with <c>--demo</c> as a setting, which the configuration reads like any other.</summary>
    public static string[] ReadOption(string[] args) =>
        [.. args.Select(arg => arg == Option ? $"--{ConfigurationKey}=true" : arg)];

    public static IServiceCollection AddDemoWhenAsked(this IServiceCollection services, IConfiguration configuration, ContextSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (!configuration.GetValue<bool>(ConfigurationKey))
        {
            return services;
        }

        var missing = DemoSeeder.Contexts.Where(context => !selection.Runs(context)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{Option} seeds data of {string.Join(", ", DemoSeeder.Contexts)}; this process does not run {string.Join(", ", missing)}.");
        }

        services.AddScoped<DemoSeeder>();
        services.AddHostedService<DemoSeeding>();
        return services;
    }

    private sealed class DemoSeeding(IServiceProvider services) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
