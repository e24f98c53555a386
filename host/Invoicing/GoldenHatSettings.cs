namespace HelperPlatform.Host.Invoicing;

/// <summary>The <c>GoldenHat</c> section: where the payment system is, its API key, and how its webhooks are verified.</summary>
public sealed class GoldenHatSettings
{
    public const string Section = "GoldenHat";

    /// <summary>Golden Hat's API; empty starts the simulator in-process (the embedded default).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The merchant's secret API key; required with <see cref="BaseUrl"/>, generated for the embedded simulator.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Shared secret of the webhooks' HMAC-SHA256 signatures; required with <see cref="BaseUrl"/>, generated for the embedded simulator.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where the embedded simulator posts its webhooks; empty uses this host's own address. (A configured Golden Hat is told its webhook URL on its side.)</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>How far a webhook's timestamp may be from our clock; older ones are refused as replays.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried (with the same idempotency key).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the embedded simulator keeps charges and refunds pending.</summary>
    public TimeSpan EmbeddedProcessingDelay { get; set; } = TimeSpan.FromSeconds(1);
}
