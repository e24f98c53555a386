using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HelperPlatform.Activities.Platform.Persistence;

public static class DbUpdateExceptions
{
    /// <summary>A unique key refused the row: the idempotency (or duplicate) signal of an insert.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception?.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
