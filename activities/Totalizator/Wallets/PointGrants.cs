
namespace HelperPlatform.Activities.Totalizator.Wallets;

/// <summary>What a grant did: moved the points now, or found the same grant made already under its key.</summary>
public enum GrantOutcome
{
    Granted,
    GrantedBefore,

    /// <summary>The key was used before for another grant (another manager or amount).</summary>
    KeyReused,
}

/// <summary>Ops grant points: the house issues them into a manager's wallet, once per idempotency key.</summary>
public sealed class PointGrants(TotalizatorDbContext db, TimeProvider clock)
{
    /// <summary>The largest grant in one movement, so a typo cannot flood the book.</summary>
    public const decimal MaximumGrant = 1_000_000m;

    public async Task<(GrantOutcome Outcome, decimal Balance)> GrantAsync(string managerId, decimal points, string key, string actor, CancellationToken cancellationToken)
    {
        var wallet = Account.WalletId(managerId);
        var movementKey = "grant:" + key;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var book = new PointsBook(db);
        await book.LockAsync([Account.HouseId, wallet], cancellationToken);
        if (await db.Movements.FindAsync([movementKey], cancellationToken) is { } earlier)
        {
            var same = earlier.ToAccount == wallet && earlier.Amount == points;
            return (same ? GrantOutcome.GrantedBefore : GrantOutcome.KeyReused, book.BalanceOf(wallet));
        }

        book.Move(new Movement
        {
            Key = movementKey,
            Kind = MovementKind.Grant,
            FromAccount = Account.HouseId,
            ToAccount = wallet,
            Amount = points,
            Actor = actor,
            OccurredAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (GrantOutcome.Granted, book.BalanceOf(wallet));
    }
}
