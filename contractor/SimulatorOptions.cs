using Microsoft.Extensions.Logging;

namespace HelperPlatform.Contractor;

/// <summary>The <c>Contractor</c> section of the standalone simulator, or what the platform passes when it embeds one.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Contractor";

    /// <summary>The secret the simulator signs its delivery callbacks with; the platform verifies with the same one.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>Where to listen; port 0 picks a free one.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>How long after accepting an order the goods are "delivered" and the callback is sent.</summary>
    public TimeSpan DeliveryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public ILoggerFactory? LoggerFactory { get; set; }
}
