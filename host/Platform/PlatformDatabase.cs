namespace HelperPlatform.Host.Platform;

/// <summary>The connection string every context's schema lives behind (one database, one schema each).</summary>
public sealed record PlatformDatabase(string ConnectionString, bool IsEmbedded)
{
    public const string ConnectionStringName = "Platform";
}
