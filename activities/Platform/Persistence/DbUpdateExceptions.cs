using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HelperPlatform.Activities.Platform.Persistence;

public static class DbUpdateExceptions
{
    /// <summary>A unique key refused the row: the idempotency (or duplicate) signal of an insert.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception?.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Saves rows whose keys come from the workflow, so an activity retried after a lost acknowledgement finds
    /// them stored already. Returns false (and forgets the refused rows) when a unique key says so.
    /// </summary>
    public static async Task<bool> SaveOnceAsync(this DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
