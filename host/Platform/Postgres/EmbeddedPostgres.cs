namespace HelperPlatform.Host.Platform.Postgres;

/// <summary>
/// The PostgreSQL cluster the host starts when no connection string is configured: kept in
/// <c>Platform:DataDirectory</c> and reused on the next start, or throwaway with <c>--ephemeral</c>.
/// </summary>
public static class EmbeddedPostgres
{
    public const string DataDirectoryKey = "Platform:DataDirectory";
    public const string EphemeralKey = "Platform:Ephemeral";
    private const string EphemeralOption = "--ephemeral";

    /// <summary>
    /// <c>$XDG_DATA_HOME/helperplatform/postgres</c> (<c>~/.local/share/helperplatform/postgres</c>), beside the development
    /// passwords. Root runs the server as an unprivileged account, which cannot reach root's home, so root keeps it in
    /// <c>/var/lib/helperplatform/postgres</c>.
    /// </summary>
    public static string DefaultDataDirectory => Environment.UserName == "root"
        ? "/var/lib/helperplatform/postgres"
        : Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "helperplatform",
            "postgres");

    /// <summary>Turns the <c>--ephemeral</c> switch into its setting.</summary>
    public static string[] ReadOption(string[] args) =>
        [.. args.Select(arg => arg == EphemeralOption ? $"--{EphemeralKey}=true" : arg)];

    /// <exception cref="PostgresUnavailableException">See <see cref="LocalPostgresCluster.OpenAsync"/>.</exception>
    public static Task<LocalPostgresCluster> StartAsync(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<bool>(EphemeralKey))
        {
            return LocalPostgresCluster.StartAsync();
        }

        var configured = configuration[DataDirectoryKey];
        return LocalPostgresCluster.OpenAsync(string.IsNullOrWhiteSpace(configured) ? DefaultDataDirectory : configured);
    }
}
