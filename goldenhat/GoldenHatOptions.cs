namespace HelperPlatform.GoldenHat;

/// <summary>The <c>GoldenHat</c> section of the standalone simulator, or what the platform passes when it embeds one.</summary>
public sealed class GoldenHatOptions
{
    public const string Section = "GoldenHat";

    /// <summary>The secret API key merchants send as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The secret the webhooks are signed with; the merchant verifies with the same one.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>Where webhooks are posted; also settable at run time (<c>PUT /simulator/webhook-endpoint</c>). Empty: none are sent.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Where to listen; port 0 picks a free one.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>How long a charge or refund stays pending before it is decided and its webhook sent.</summary>
    public TimeSpan ProcessingDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The fee's share of a charge, e.g. 0.029 for 2.9 %.</summary>
    public decimal FeeRate { get; set; } = 0.029m;

    /// <summary>The fee's fixed part in the charge currency's minor units (30 = 0.30 EUR, 30 JPY).</summary>
    public int FixedFeeMinorUnits { get; set; } = 30;

    /// <summary>How long the first answer to an idempotency key is kept and replayed.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait before a failed webhook is sent again; it doubles with every attempt, up to <see cref="WebhookMaxRetryDelay"/>.</summary>
    public TimeSpan WebhookFirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan WebhookMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per webhook before Golden Hat gives up on it (the merchant can still read the payment).</summary>
    public int WebhookMaxAttempts { get; set; } = 12;

    /// <summary>The switches set from the start (e.g. <c>--GoldenHat:Behaviour:Outage=unavailable</c>); changed later through <c>PUT /simulator/behaviour</c>.</summary>
    public BehaviourChange? Behaviour { get; set; }

    /// <summary>The clock; tests shift it to see idempotency keys expire.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public ILoggerFactory? LoggerFactory { get; set; }
}
