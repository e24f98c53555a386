using Temporalio.Activities;

namespace HelperPlatform.Workflows.Platform;

/// <summary>
/// A message to a person. <paramref name="MessageId"/> is created inside the workflow, so a retried send
/// records (and, once a real sender is plugged in, delivers) the message once.
/// </summary>
/// <param name="Reference">What the message is about, e.g. <c>application/5f0c…</c>.</param>
public sealed record Notification(Guid MessageId, string Recipient, string Subject, string Body, string Reference);

/// <summary>The one notification sender (Onboarding's worker serves it for every context).</summary>
public interface INotificationActivities
{
    /// <summary>Records the message in PostgreSQL (and, once a real sender is plugged in, delivers it); idempotent by its id.</summary>
    [Activity]
    Task SendNotificationAsync(Notification notification);
}
