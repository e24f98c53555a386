namespace HelperPlatform.Host.Management;

/// <param name="Amount">Positive for a bonus, negative for a correction; exact in the currency's minor unit.</param>
public sealed record WorkerCreditBody(decimal? Amount, string? Currency, string? Reason);

/// <summary>The credit was taken: it posts at once, or, above the approval threshold, once a second manager approves.</summary>
public sealed record WorkerCreditAccepted(Guid CreditId, string WorkerId);

/// <param name="Approved">True posts the credit, false drops it.</param>
public sealed record WorkerCreditDecisionBody(bool? Approved, string? Note);
