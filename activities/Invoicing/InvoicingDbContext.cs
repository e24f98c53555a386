using HelperPlatform.Activities.Invoicing.Credits;
using HelperPlatform.Activities.Invoicing.Discounts;
using HelperPlatform.Activities.Invoicing.Earnings;
using HelperPlatform.Activities.Invoicing.Invoices;
using HelperPlatform.Activities.Invoicing.Ledger;
using HelperPlatform.Activities.Invoicing.PaymentMethods;
using HelperPlatform.Activities.Invoicing.Payouts;
using HelperPlatform.Activities.Invoicing.Reconciliation;
using HelperPlatform.Activities.Invoicing.Refunds;
using HelperPlatform.Activities.Invoicing.Statements;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HelperPlatform.Activities.Invoicing;

public sealed class InvoicingDbContext(DbContextOptions<InvoicingDbContext> options) : ContextDbContext(options)
{
    public const int MaxAccountIdLength = 64;
    public const int MaxTokenLength = 200;

    public override BoundedContext Context => BoundedContext.Invoicing;

    public DbSet<Invoice> Invoices => Set<Invoice>();

    public DbSet<InvoiceLineRow> InvoiceLines => Set<InvoiceLineRow>();

    public DbSet<CreditNote> CreditNotes => Set<CreditNote>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<InvoiceSettlementRow> InvoiceSettlements => Set<InvoiceSettlementRow>();

    public DbSet<DocumentCounter> DocumentCounters => Set<DocumentCounter>();

    public DbSet<LedgerEntryRow> LedgerEntries => Set<LedgerEntryRow>();

    public DbSet<LedgerPostingRow> LedgerPostings => Set<LedgerPostingRow>();

    private const string MoneyColumn = "numeric";

    public DbSet<Earning> Earnings => Set<Earning>();

    public DbSet<WorkerCredit> WorkerCredits => Set<WorkerCredit>();

    public DbSet<PayoutDestination> PayoutDestinations => Set<PayoutDestination>();

    public DbSet<WorkerPayout> WorkerPayouts => Set<WorkerPayout>();

    public DbSet<WorkerStatement> WorkerStatements => Set<WorkerStatement>();

    public DbSet<WorkerStatementLine> WorkerStatementLines => Set<WorkerStatementLine>();

    public DbSet<SettlementReconciliation> SettlementReconciliations => Set<SettlementReconciliation>();

    public DbSet<SettlementMismatch> SettlementMismatches => Set<SettlementMismatch>();

    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();

    public DbSet<PromotionCode> PromotionCodes => Set<PromotionCode>();

    public DbSet<ClientDiscount> ClientDiscounts => Set<ClientDiscount>();

    public DbSet<PromotionCodeRedemption> PromotionCodeRedemptions => Set<PromotionCodeRedemption>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Invoice>(invoices =>
        {
            invoices.ToTable("invoices");
            invoices.HasKey(invoice => invoice.Id);
            invoices.Property(invoice => invoice.Id).ValueGeneratedNever();
            invoices.Property(invoice => invoice.Number).HasMaxLength(32);
            invoices.HasIndex(invoice => invoice.Number).IsUnique();
            invoices.HasIndex(invoice => new { invoice.Year, invoice.Sequence }).IsUnique();
            invoices.HasIndex(invoice => invoice.OrderId).IsUnique();
            invoices.Property(invoice => invoice.ClientId).HasMaxLength(MaxAccountIdLength);
            invoices.HasIndex(invoice => new { invoice.ClientId, invoice.IssuedAt });
            invoices.Property(invoice => invoice.Currency).HasMaxLength(3);
            invoices.Property(invoice => invoice.Status).HasConversion<string>().HasMaxLength(32);
            invoices.Property(invoice => invoice.ChargeId).HasMaxLength(100);
            invoices.HasMany(invoice => invoice.Lines).WithOne().HasForeignKey(line => line.InvoiceId);
            invoices.HasMany(invoice => invoice.CreditNotes).WithOne().HasForeignKey(note => note.InvoiceId);
            invoices.HasMany(invoice => invoice.Refunds).WithOne().HasForeignKey(refund => refund.InvoiceId);
            // One settlement per invoice: a second one's insert is refused.
            invoices.HasOne(invoice => invoice.Settlement).WithOne().HasForeignKey<InvoiceSettlementRow>(settlement => settlement.InvoiceId);
        });
        modelBuilder.Entity<InvoiceSettlementRow>(settlements =>
        {
            settlements.ToTable("invoice_settlements");
            settlements.HasKey(settlement => settlement.Id);
            settlements.Property(settlement => settlement.Id).ValueGeneratedNever();
            settlements.Property(settlement => settlement.Kind).HasConversion<string>().HasMaxLength(32);
            settlements.Property(settlement => settlement.Currency).HasMaxLength(3);
            settlements.Property(settlement => settlement.Reference).HasMaxLength(InvoiceSettlement.MaxReferenceLength);
            settlements.Property(settlement => settlement.Reason).HasMaxLength(InvoiceSettlement.MaxReasonLength);
            settlements.Property(settlement => settlement.SettledBy).HasMaxLength(MaxAccountIdLength);
        });
        modelBuilder.Entity<InvoiceLineRow>(lines =>
        {
            lines.ToTable("invoice_lines");
            lines.HasKey(line => new { line.InvoiceId, line.Position });
            lines.Property(line => line.Kind).HasConversion<string>().HasMaxLength(16);
            lines.Property(line => line.Description).HasMaxLength(500);
            lines.Property(line => line.TaxRounding).HasMaxLength(200);
        });
        modelBuilder.Entity<CreditNote>(notes =>
        {
            notes.ToTable("credit_notes");
            notes.HasKey(note => note.Id);
            notes.Property(note => note.Id).ValueGeneratedNever();
            notes.Property(note => note.Number).HasMaxLength(32);
            notes.HasIndex(note => note.Number).IsUnique();
            notes.HasIndex(note => new { note.Year, note.Sequence }).IsUnique();
            notes.Property(note => note.Currency).HasMaxLength(3);
            notes.Property(note => note.Reason).HasMaxLength(RefundRequest.MaxReasonLength);
            notes.Property(note => note.TaxRounding).HasMaxLength(300);
            // A refund is documented by one credit note.
            notes.HasIndex(note => note.RefundId).IsUnique();
        });
        modelBuilder.Entity<Refund>(refunds =>
        {
            refunds.ToTable("refunds");
            refunds.HasKey(refund => refund.Id);
            refunds.Property(refund => refund.Id).ValueGeneratedNever();
            refunds.Property(refund => refund.Currency).HasMaxLength(3);
            refunds.Property(refund => refund.Reason).HasMaxLength(RefundRequest.MaxReasonLength);
            refunds.Property(refund => refund.RequestedBy).HasMaxLength(MaxAccountIdLength);
            refunds.Property(refund => refund.Status).HasConversion<string>().HasMaxLength(16);
            refunds.Property(refund => refund.GoldenHatRefundId).HasMaxLength(100);
            refunds.Property(refund => refund.FailureReason).HasMaxLength(500);
        });
        modelBuilder.Entity<DocumentCounter>(counters =>
        {
            counters.ToTable("document_counters");
            counters.HasKey(counter => new { counter.Series, counter.Year });
            counters.Property(counter => counter.Series).HasMaxLength(8);
        });
        modelBuilder.Entity<LedgerEntryRow>(entries =>
        {
            entries.ToTable("ledger_entries");
            entries.HasKey(entry => entry.Id);
            entries.Property(entry => entry.Id).ValueGeneratedNever();
            entries.Property(entry => entry.IdempotencyKey).HasMaxLength(100);
            entries.HasIndex(entry => entry.IdempotencyKey).IsUnique();
            entries.HasIndex(entry => entry.InvoiceId);
            entries.Property(entry => entry.Description).HasMaxLength(200);
            entries.Property(entry => entry.GoldenHatKind).HasConversion<string>().HasMaxLength(16);
            entries.Property(entry => entry.GoldenHatId).HasMaxLength(100);
            entries.HasIndex(entry => entry.GoldenHatId);
            entries.HasMany(entry => entry.Postings).WithOne().HasForeignKey(posting => posting.EntryId);
        });
        modelBuilder.Entity<LedgerPostingRow>(postings =>
        {
            postings.ToTable("ledger_postings");
            postings.HasKey(posting => posting.Id);
            postings.Property(posting => posting.Account).HasConversion<string>().HasMaxLength(32);
            postings.Property(posting => posting.Currency).HasMaxLength(3);
            postings.HasIndex(posting => new { posting.Account, posting.Currency });
            postings.Property(posting => posting.WorkerId).HasMaxLength(MaxAccountIdLength);
            postings.HasIndex(posting => new { posting.WorkerId, posting.Currency });
        });
        modelBuilder.Entity<Earning>(earnings =>
        {
            earnings.ToTable("worker_earnings");
            earnings.HasKey(earning => earning.OrderId);
            earnings.Property(earning => earning.OrderId).ValueGeneratedNever();
            earnings.Property(earning => earning.WorkerId).HasMaxLength(MaxAccountIdLength);
            earnings.HasIndex(earning => new { earning.WorkerId, earning.EarnedAt });
            earnings.Property(earning => earning.ServiceTypeCode).HasMaxLength(64);
            earnings.Property(earning => earning.Currency).HasMaxLength(3);
            earnings.Property(earning => earning.Quality).HasConversion<string>().HasMaxLength(16);
            earnings.Property(earning => earning.Rounding).HasMaxLength(200);
        });
        modelBuilder.Entity<WorkerCredit>(credits =>
        {
            credits.ToTable("worker_credits");
            credits.HasKey(credit => credit.Id);
            credits.Property(credit => credit.Id).ValueGeneratedNever();
            credits.Property(credit => credit.WorkerId).HasMaxLength(MaxAccountIdLength);
            credits.HasIndex(credit => new { credit.WorkerId, credit.RequestedAt });
            credits.Property(credit => credit.Currency).HasMaxLength(3);
            credits.Property(credit => credit.Reason).HasMaxLength(WorkerCreditRequest.MaxReasonLength);
            credits.Property(credit => credit.RequestedBy).HasMaxLength(MaxAccountIdLength);
            credits.Property(credit => credit.DecidedBy).HasMaxLength(MaxAccountIdLength);
            credits.Property(credit => credit.Note).HasMaxLength(WorkerCreditRequest.MaxReasonLength);
            credits.Property(credit => credit.Status).HasConversion<string>().HasMaxLength(24);
        });
        modelBuilder.Entity<PayoutDestination>(destinations =>
        {
            destinations.ToTable("payout_destinations");
            destinations.HasKey(destination => destination.Id);
            destinations.Property(destination => destination.Id).ValueGeneratedNever();
            destinations.Property(destination => destination.WorkerId).HasMaxLength(MaxAccountIdLength);
            destinations.HasIndex(destination => new { destination.WorkerId, destination.RegisteredAt });
            destinations.Property(destination => destination.Token).HasMaxLength(MaxTokenLength);
            destinations.Property(destination => destination.Last4).HasMaxLength(4);
        });
        modelBuilder.Entity<WorkerPayout>(payouts =>
        {
            payouts.ToTable("worker_payouts");
            payouts.HasKey(payout => payout.Id);
            payouts.Property(payout => payout.Id).ValueGeneratedNever();
            payouts.Property(payout => payout.WorkerId).HasMaxLength(MaxAccountIdLength);
            payouts.HasIndex(payout => new { payout.WorkerId, payout.RequestedAt });
            payouts.Property(payout => payout.Currency).HasMaxLength(3);
            payouts.Property(payout => payout.Description).HasMaxLength(200);
            payouts.Property(payout => payout.Status).HasConversion<string>().HasMaxLength(24);
            payouts.Property(payout => payout.DestinationLast4).HasMaxLength(4);
            payouts.Property(payout => payout.FailureCode).HasMaxLength(64);
        });
        modelBuilder.Entity<WorkerStatement>(statements =>
        {
            statements.ToTable("worker_statements");
            statements.HasKey(statement => statement.Id);
            statements.Property(statement => statement.Id).ValueGeneratedNever();
            statements.Property(statement => statement.Number).HasMaxLength(32);
            statements.HasIndex(statement => statement.Number).IsUnique();
            statements.HasIndex(statement => new { statement.Year, statement.Sequence }).IsUnique();
            statements.Property(statement => statement.WorkerId).HasMaxLength(MaxAccountIdLength);
            statements.Property(statement => statement.Currency).HasMaxLength(3);
            // One statement per worker, currency and period, however often the issuing activity runs.
            statements.HasIndex(statement => new { statement.WorkerId, statement.Currency, statement.PeriodEnd }).IsUnique();
            statements.HasIndex(statement => statement.PeriodEnd);
            statements.HasMany(statement => statement.Lines).WithOne().HasForeignKey(line => line.StatementId);
        });
        modelBuilder.Entity<WorkerStatementLine>(lines =>
        {
            lines.ToTable("worker_statement_lines");
            lines.HasKey(line => new { line.StatementId, line.Position });
            // An earning (by its order) or a credit is listed on one statement only.
            lines.HasIndex(line => line.SourceId).IsUnique();
            lines.Property(line => line.Kind).HasConversion<string>().HasMaxLength(16);
            lines.Property(line => line.Description).HasMaxLength(WorkerCreditRequest.MaxReasonLength);
        });
        modelBuilder.Entity<SettlementReconciliation>(days =>
        {
            days.ToTable("settlement_reconciliations");
            days.HasKey(day => day.Date);
        });
        modelBuilder.Entity<SettlementMismatch>(mismatches =>
        {
            mismatches.ToTable("settlement_mismatches");
            mismatches.HasKey(mismatch => mismatch.Id);
            mismatches.Property(mismatch => mismatch.Id).ValueGeneratedNever();
            mismatches.Property(mismatch => mismatch.Kind).HasConversion<string>().HasMaxLength(24);
            mismatches.Property(mismatch => mismatch.LineKind).HasMaxLength(16);
            mismatches.Property(mismatch => mismatch.GoldenHatId).HasMaxLength(100);
            mismatches.Property(mismatch => mismatch.GoldenHatReference).HasMaxLength(200);
            mismatches.Property(mismatch => mismatch.GoldenHatCurrency).HasMaxLength(3);
            mismatches.Property(mismatch => mismatch.LedgerEntryKey).HasMaxLength(100);
            mismatches.Property(mismatch => mismatch.LedgerDescription).HasMaxLength(200);
            mismatches.Property(mismatch => mismatch.LedgerCurrency).HasMaxLength(3);
            // One mismatch per day and line, however often the day is reconciled.
            mismatches.HasIndex(mismatch => new { mismatch.Date, mismatch.LineKind, mismatch.GoldenHatId }).IsUnique();
        });
        modelBuilder.Entity<PaymentMethod>(methods =>
        {
            methods.ToTable("payment_methods");
            methods.HasKey(method => method.Id);
            methods.Property(method => method.Id).ValueGeneratedNever();
            methods.Property(method => method.ClientId).HasMaxLength(MaxAccountIdLength);
            methods.Property(method => method.Token).HasMaxLength(MaxTokenLength);
            methods.HasIndex(method => new { method.ClientId, method.RegisteredAt });
        });
        modelBuilder.Entity<PromotionCode>(codes =>
        {
            MapDiscount(codes, "promotion_codes");
            codes.Property(code => code.Code).HasMaxLength(32);
            // Codes are stored upper case, so this index makes them unique case-insensitively.
            codes.HasIndex(code => code.Code).IsUnique();
        });
        modelBuilder.Entity<ClientDiscount>(discounts =>
        {
            MapDiscount(discounts, "client_discounts");
            discounts.Property(discount => discount.ClientId).HasMaxLength(64);
            discounts.HasIndex(discount => new { discount.ClientId, discount.Active });
        });
        modelBuilder.Entity<PromotionCodeRedemption>(redemptions =>
        {
            redemptions.ToTable("promotion_code_redemptions");
            redemptions.HasKey(redemption => redemption.QuoteId);
            redemptions.Property(redemption => redemption.ClientId).HasMaxLength(64);
            redemptions.Property(redemption => redemption.Status).HasConversion<string>().HasMaxLength(16);
            redemptions.HasIndex(redemption => new { redemption.PromotionCodeId, redemption.ClientId });
            // The few uses still waiting for their confirmation (or their quote's release), which the reconciliation pages through.
            redemptions.HasIndex(redemption => redemption.QuoteId).HasFilter("status = 'Reserved'");
            redemptions.HasOne<PromotionCode>().WithMany().HasForeignKey(redemption => redemption.PromotionCodeId);
        });
    }

    /// <summary>Each kind of discount has its own table with the columns they share.</summary>
    private static void MapDiscount<TDiscount>(EntityTypeBuilder<TDiscount> discounts, string table)
        where TDiscount : Discount
    {
        discounts.ToTable(table);
        discounts.HasKey(discount => discount.Id);
        discounts.Property(discount => discount.Id).ValueGeneratedNever();
        discounts.Property(discount => discount.Description).HasMaxLength(200);
        discounts.Property(discount => discount.Percent).HasColumnType(MoneyColumn);
        discounts.Property(discount => discount.Amount).HasColumnType(MoneyColumn);
        discounts.Property(discount => discount.Currency).HasMaxLength(3);
        discounts.Property(discount => discount.CreatedBy).HasMaxLength(64);
        discounts.Ignore(discount => discount.Terms);
    }
}
