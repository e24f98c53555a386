using HelperPlatform.Activities.Identity;
using HelperPlatform.Activities.Platform.Notifications;
using HelperPlatform.Host.Identity;
using HelperPlatform.Host.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Host.Platform.Notifications;

/// <summary>
/// Ops read the messages a context recorded, newest first: until a real sender is plugged in this is how a
/// development set-up (and the tests) follow a confirmation link.
/// </summary>
public static class NotificationEndpoints
{
    private const int MaxMessages = 100;

    /// <summary>Serves the <see cref="INotificationJournal"/> registered by the context that sends notifications (Onboarding today).</summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/ops").WithTags("Ops")
            .MapGet("/notifications", ListAsync)
            .RequireRoles(PlatformRoles.Ops)
            .WithSummary($"The latest {MaxMessages} recorded messages to one recipient (ops).");
        return endpoints;
    }

    private static async Task<Results<Ok<List<NotificationView>>, ValidationProblem>> ListAsync(
        string? recipient, INotificationJournal journal, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Required("recipient", recipient, NotificationJournal.MaxRecipientLength);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // Recipients are stored as the applications store emails: trimmed and lower-cased.
        var wanted = recipient!.Trim().ToLowerInvariant();
        var messages = await journal.Notifications.AsNoTracking()
            .Where(notification => notification.Recipient == wanted)
            .OrderByDescending(notification => notification.RecordedAt)
            .Take(MaxMessages)
            .Select(notification => new NotificationView(
                notification.Id, notification.Recipient, notification.Subject, notification.Body, notification.Reference, notification.RecordedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(messages);
    }
}
