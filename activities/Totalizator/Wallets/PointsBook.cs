using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Totalizator.Wallets;

/// <summary>
/// The double-entry book of points, used inside a caller's transaction: lock the accounts a change touches, then
/// move points between them. Every movement is a row keyed by its idempotency key, so a retry finds it and moves nothing.
/// </summary>
public sealed class PointsBook(TotalizatorDbContext db)
{
    private readonly Dictionary<string, Account> locked = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates the accounts that do not exist yet and locks them all, in id order, so two transactions that touch the
    /// same wallets (bets in two markets) wait for each other instead of deadlocking.
    /// </summary>
    public async Task LockAsync(IEnumerable<string> accountIds, CancellationToken cancellationToken)
    {
        var ids = accountIds.Where(id => !locked.ContainsKey(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        var kinds = ids.Select(id => KindOf(id).ToString()).ToArray();
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO totalizator.accounts (id, kind, balance) SELECT * FROM unnest({ids}, {kinds}, array_fill(0::numeric, ARRAY[{ids.Length}])) ON CONFLICT (id) DO NOTHING",
            cancellationToken);
        var accounts = await db.Accounts
            .FromSql($"SELECT * FROM totalizator.accounts WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
            .ToListAsync(cancellationToken);
        foreach (var account in accounts)
        {
            locked[account.Id] = account;
        }
    }

    public decimal BalanceOf(string accountId) => Locked(accountId).Balance;

    /// <summary>The keys among <paramref name="keys"/> that earlier movements used.</summary>
    public async Task<HashSet<string>> MadeAlreadyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        (await db.Movements.Where(movement => keys.Contains(movement.Key)).Select(movement => movement.Key).ToListAsync(cancellationToken))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Moves the points between two locked accounts; false, moving nothing, when that would take a wallet or pool below zero.</summary>
    public bool TryMove(Movement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        var from = Locked(movement.FromAccount);
        if (from.Kind != AccountKind.House && from.Balance < movement.Amount)
        {
            return false;
        }

        from.Balance -= movement.Amount;
        Locked(movement.ToAccount).Balance += movement.Amount;
        db.Movements.Add(movement);
        return true;
    }

    /// <summary>Moves the points, which the caller's own arithmetic guarantees are there.</summary>
    public void Move(Movement movement)
    {
        if (!TryMove(movement))
        {
            throw new InvalidOperationException($"Account '{movement.FromAccount}' holds less than {movement.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} for movement '{movement.Key}'.");
        }
    }

    private Account Locked(string accountId) =>
        locked.TryGetValue(accountId, out var account) ? account : throw new InvalidOperationException($"Account '{accountId}' is not locked.");

    private static AccountKind KindOf(string accountId) =>
        accountId == Account.HouseId ? AccountKind.House
        : accountId.StartsWith("pool:", StringComparison.Ordinal) ? AccountKind.Pool
        : AccountKind.Wallet;
}
