using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HelperPlatform.Activities.Platform.Persistence;

public static class DbUpdateExceptions
{
    /// <summary>A unique key refused the row: the idempotency (or duplicate) signal of an insert.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception?.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>An exclusion constraint refused the row: it conflicts with a stored one (e.g. overlapping in time).</summary>
    public static bool IsExclusionViolation(this DbUpdateException exception) =>
        exception?.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation };

    /// <summary>
    /// PostgreSQL failed a save to break a deadlock; the savepoint EF Core set lets the transaction go on. EF's
    /// execution strategy may wrap the <see cref="DbUpdateException"/> as a transient failure, so the whole
    /// chain is searched.
    /// </summary>
    public static bool IsDeadlock(this Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }

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
