using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Activities.Totalizator.Markets;
using HelperPlatform.Activities.Totalizator.Wallets;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Totalizator;

public sealed class TotalizatorDbContext(DbContextOptions<TotalizatorDbContext> options) : ContextDbContext(options)
{
    public const int MaxTitleLength = 200;

    public const int MaxOutcomeLength = 100;

    public override BoundedContext Context => BoundedContext.Totalizator;

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Movement> Movements => Set<Movement>();

    public DbSet<Market> Markets => Set<Market>();

    public DbSet<Bet> Bets => Set<Bet>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Account>(accounts =>
        {
            accounts.ToTable("accounts", table => table.HasCheckConstraint("ck_accounts_only_the_house_below_zero", "kind = 'House' OR balance >= 0"));
            accounts.HasKey(account => account.Id);
            accounts.Property(account => account.Id).HasMaxLength(80);
            accounts.Property(account => account.Kind).HasConversion<string>().HasMaxLength(16);
            accounts.Property(account => account.Balance).HasPrecision(18, 2);
        });
        modelBuilder.Entity<Movement>(movements =>
        {
            movements.ToTable("movements", table => table.HasCheckConstraint("ck_movements_positive", "amount > 0"));
            movements.HasKey(movement => movement.Key);
            movements.Property(movement => movement.Key).HasMaxLength(120);
            movements.Property(movement => movement.Kind).HasConversion<string>().HasMaxLength(16);
            movements.Property(movement => movement.FromAccount).HasMaxLength(80);
            movements.Property(movement => movement.ToAccount).HasMaxLength(80);
            movements.Property(movement => movement.Amount).HasPrecision(18, 2);
            movements.Property(movement => movement.Actor).HasMaxLength(200);
            movements.HasIndex(movement => new { movement.FromAccount, movement.OccurredAt });
            movements.HasIndex(movement => new { movement.ToAccount, movement.OccurredAt });
        });
        modelBuilder.Entity<Market>(markets =>
        {
            markets.ToTable("markets");
            markets.HasKey(market => market.Id);
            markets.Property(market => market.Id).ValueGeneratedNever();
            markets.Property(market => market.Title).HasMaxLength(MaxTitleLength);
            markets.Property(market => market.Outcomes).HasColumnType("text[]");
            markets.Property(market => market.TakeoutRate).HasPrecision(5, 4);
            markets.Property(market => market.BreakStep).HasPrecision(6, 2);
            markets.Property(market => market.MinimumPrice).HasPrecision(6, 2);
            markets.Ignore(market => market.Rules);
            markets.Property(market => market.Resolution).HasConversion<string>().HasMaxLength(16);
            markets.Property(market => market.State).HasConversion<string>().HasMaxLength(16);
            markets.Property(market => market.CreatedBy).HasMaxLength(200);
            markets.Property(market => market.Gross).HasPrecision(18, 2);
            markets.Property(market => market.Takeout).HasPrecision(18, 2);
            markets.Property(market => market.Breakage).HasPrecision(18, 2);
            markets.Property(market => market.MinusPool).HasPrecision(18, 2);
            markets.Property(market => market.Price).HasPrecision(18, 2);
            markets.HasIndex(market => new { market.State, market.ClosesAt });
        });
        modelBuilder.Entity<Bet>(bets =>
        {
            bets.ToTable("bets");
            bets.HasKey(bet => bet.Id);
            bets.Property(bet => bet.Id).ValueGeneratedNever();
            bets.Property(bet => bet.BettorId).HasMaxLength(200);
            bets.Property(bet => bet.Stake).HasPrecision(18, 2);
            bets.Property(bet => bet.Returned).HasPrecision(18, 2);
            bets.Property(bet => bet.State).HasConversion<string>().HasMaxLength(16);
            bets.Property(bet => bet.Refusal).HasConversion<string>().HasMaxLength(32);
            bets.HasIndex(bet => new { bet.MarketId, bet.Sequence });
            bets.HasIndex(bet => new { bet.BettorId, bet.SubmittedAt });
        });
    }
}
