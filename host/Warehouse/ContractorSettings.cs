namespace HelperPlatform.Host.Warehouse;

/// <summary>The <c>Contractor</c> section: where the cookie contractor is and how its webhooks are verified.</summary>
public sealed class ContractorSettings
{
    public const string Section = "Contractor";

    /// <summary>The contractor's API; empty starts the simulator in-process (the embedded default).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Shared secret of the callbacks' HMAC-SHA256 signatures; required with <see cref="BaseUrl"/>, generated for the embedded simulator.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The delivery webhook's public URL as the contractor must call it; empty uses this host's own address.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>How far a callback's timestamp may be from our clock; older ones are refused as replays.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Delivery delay of the embedded simulator.</summary>
    public TimeSpan EmbeddedDeliveryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
