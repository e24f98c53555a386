using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace HelperPlatform.Activities.Platform.Persistence;

/// <summary>
/// A connection on which a command failed or was cancelled forgets its prepared statements before it goes back to
/// the pool. Npgsql (10.0) counts an auto-prepared statement as prepared once PostgreSQL has parsed it; when binding
/// that same execution's values then fails (a NUL in a text value is refused there, 22021, and so is a cancellation
/// that lands in the bind), the statement's result description is never read, and its next run on that connection
/// fails with "Received unexpected backend message DataRow". Statements are prepared again after a few uses.
/// </summary>
public sealed class PreparedStatementReset : IDbCommandInterceptor, IDbConnectionInterceptor
{
    public static readonly PreparedStatementReset Instance = new();

    /// <summary>Connections a command failed on since they were opened; the pooled contexts reuse their connection objects.</summary>
    private readonly ConditionalWeakTable<DbConnection, object> failedOn = [];

    private PreparedStatementReset()
    {
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Remember(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Remember(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Remember(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Remember(command);
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Reset(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        // Npgsql unprepares synchronously only; it is one short round trip, and only after a failure.
        Reset(connection);
        return ValueTask.FromResult(result);
    }

    private void Remember(DbCommand command)
    {
        if (command.Connection is { } connection)
        {
            failedOn.AddOrUpdate(connection, this);
        }
    }

    /// <summary>By the time the connection closes, a failed transaction has been rolled back, so the connection takes commands again.</summary>
    private void Reset(DbConnection connection)
    {
        if (failedOn.Remove(connection) && connection is NpgsqlConnection { State: System.Data.ConnectionState.Open } npgsql)
        {
            npgsql.UnprepareAll();
        }
    }
}
