using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Platform.Notifications;

/// <summary>The one notification sender: records every message in the journal of the context that sends it.</summary>
public sealed class NotificationActivities<TDbContext>(TDbContext db, TimeProvider time) : INotificationActivities
    where TDbContext : ContextDbContext, INotificationJournal
{
    [Activity]
    public async Task SendNotificationAsync(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        NotificationJournal.Add(db, notification, time.GetUtcNow());
        await db.SaveOnceAsync(ActivityExecutionContext.Current.CancellationToken);
    }
}
