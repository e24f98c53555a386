namespace HelperPlatform.Host.Platform.Temporal;

/// <summary>The <c>Temporal</c> configuration section.</summary>
public sealed class TemporalSettings
{
    public const string Section = "Temporal";

    /// <summary>
    /// <c>host:port</c> of the Temporal frontend. When empty the host starts the in-memory development server
    /// in-process (never in production, where docker-compose sets it).
    /// </summary>
    public string? Address { get; set; }

    public string Namespace { get; set; } = "default";
}
