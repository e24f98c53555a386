namespace HelperPlatform.Host.Platform.Notifications;

public sealed record NotificationView(Guid Id, string Recipient, string Subject, string Body, string Reference, DateTimeOffset RecordedAt);
