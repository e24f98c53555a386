using HelperPlatform.Activities.Platform.Partners;

namespace HelperPlatform.Activities.Invoicing.Payments;

/// <summary>Where Golden Hat is and the secrets of talking to it (the embedded simulator's are generated when it starts).</summary>
public sealed class GoldenHatConnection : PartnerConnection<GoldenHatEndpoint>;

/// <param name="BaseUrl">Golden Hat's API.</param>
/// <param name="ApiKey">Sent as the bearer token of every request.</param>
/// <param name="WebhookSecret">The shared secret of the webhooks' HMAC-SHA256 signatures.</param>
public sealed record GoldenHatEndpoint(Uri BaseUrl, string ApiKey, string WebhookSecret);
