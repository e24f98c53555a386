namespace HelperPlatform.Workflows.Platform;

/// <summary>
/// A message to a person. <paramref name="MessageId"/> is created inside the workflow, so a retried send
/// records (and, once a real sender is plugged in, delivers) the message once.
/// </summary>
/// <param name="Reference">What the message is about, e.g. <c>application/5f0c…</c>.</param>
public sealed record Notification(Guid MessageId, string Recipient, string Subject, string Body, string Reference);

public static class NotificationSender
{
    /// <summary>Activity name of the one notification sender; it records every message in PostgreSQL.</summary>
    public const string SendActivity = "SendNotification";
}
