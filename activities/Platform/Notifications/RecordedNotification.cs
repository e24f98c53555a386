namespace HelperPlatform.Activities.Platform.Notifications;

/// <summary>
/// One message sent to a person, as recorded in PostgreSQL. Until a real sender (mail, SMS) is plugged in,
/// this row is the delivery: ops read it through the API, which is how development set-ups and the tests
/// follow a confirmation link.
/// </summary>
public sealed class RecordedNotification
{
    public Guid Id { get; set; }

    public required string Recipient { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    /// <summary>What the message is about, e.g. <c>application/5f0c…</c>.</summary>
    public required string Reference { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
