namespace HelperPlatform.Activities.Totalizator.Wallets;

/// <summary>What an account of the points book is: the house's, a manager's wallet, or a market's pool of stakes.</summary>
public enum AccountKind
{
    House,
    Wallet,
    Pool,
}

/// <summary>
/// An account of the totalizator's double-entry book. Its balance is the sum of its movements; only the house may go
/// below zero (it issues the points ops grant), which a check constraint enforces for the others.
/// </summary>
public sealed class Account
{
    public const string HouseId = "house";

    public required string Id { get; init; }

    public AccountKind Kind { get; init; }

    public decimal Balance { get; set; }

    public static string WalletId(string managerId) => "wallet:" + managerId;

    public static string PoolId(Guid marketId) => "pool:" + marketId.ToString("N");
}

/// <summary>Why points moved, for a wallet's history and the book's audit.</summary>
public enum MovementKind
{
    Grant,
    Stake,
    Payout,
    Refund,
    Takeout,
    Breakage,
    MinusPool,
}

/// <summary>
/// One movement of points from one account to another: the debit and the credit of double entry in one row, so
/// the sum over all accounts never changes. The key, made by the workflow or the granting request, makes it once.
/// </summary>
public sealed class Movement
{
    public required string Key { get; init; }

    public MovementKind Kind { get; init; }

    public required string FromAccount { get; init; }

    public required string ToAccount { get; init; }

    public decimal Amount { get; init; }

    public Guid? MarketId { get; init; }

    public Guid? BetId { get; init; }

    public required string Actor { get; init; }

    public DateTimeOffset OccurredAt { get; init; }
}
