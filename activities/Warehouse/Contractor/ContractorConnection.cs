using HelperPlatform.Activities.Platform.Partners;

namespace HelperPlatform.Activities.Warehouse.Contractor;

/// <summary>Where the cookie contractor is and how its callbacks are signed (the callback URL needs the host's own address).</summary>
public sealed class ContractorConnection : PartnerConnection<ContractorEndpoint>;

/// <param name="BaseUrl">The contractor's API.</param>
/// <param name="WebhookSecret">The shared secret of the callbacks' HMAC-SHA256 signatures.</param>
/// <param name="CallbackUrl">The platform's delivery webhook, sent with every purchase order.</param>
public sealed record ContractorEndpoint(Uri BaseUrl, string WebhookSecret, Uri CallbackUrl);
