using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Platform.Notifications;

/// <summary>A context database that keeps a <c>notifications</c> table in its own schema.</summary>
public interface INotificationJournal
{
    DbSet<RecordedNotification> Notifications { get; }
}

public static class NotificationJournal
{
    public const int MaxRecipientLength = 254;
    public const int MaxSubjectLength = 200;

    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<RecordedNotification>(notifications =>
        {
            notifications.ToTable("notifications");
            notifications.HasKey(notification => notification.Id);
            notifications.Property(notification => notification.Recipient).HasMaxLength(MaxRecipientLength);
            notifications.Property(notification => notification.Subject).HasMaxLength(MaxSubjectLength);
            notifications.Property(notification => notification.Reference).HasMaxLength(200);
            notifications.HasIndex(notification => new { notification.Recipient, notification.RecordedAt });
        });
    }

    /// <summary>Adds the message to the journal's unit of work; the caller saves it with whatever goes with it.</summary>
    public static void Add(INotificationJournal journal, Notification notification, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(notification);
        journal.Notifications.Add(new RecordedNotification
        {
            Id = notification.MessageId,
            Recipient = notification.Recipient,
            Subject = notification.Subject,
            Body = notification.Body,
            Reference = notification.Reference,
            RecordedAt = recordedAt,
        });
    }
}
