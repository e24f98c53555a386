namespace HelperPlatform.Host.Platform;

/// <summary>
/// The connection string every context's schema lives behind (one database, one schema each). Embedded: the host
/// started the cluster itself; kept: that cluster lives in <c>Platform:DataDirectory</c> across starts (not <c>--ephemeral</c>).
/// </summary>
public sealed record PlatformDatabase(string ConnectionString, bool IsEmbedded, bool IsKept)
{
    /// <summary>The schema the in-process Temporal dev server keeps its runs in, in a kept embedded cluster.</summary>
    public const string DevServerSchema = "temporal_dev";

    public const string ConnectionStringName = "Platform";
}
