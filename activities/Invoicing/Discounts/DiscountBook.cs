using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HelperPlatform.Activities.Invoicing.Discounts;

public enum Deactivation
{
    Deactivated,
    WasInactive,
    NotFound,
}

/// <summary>How often a code is used now: confirmed by placed orders, and reserved by placements not yet confirmed.</summary>
public sealed record PromotionCodeUsage(int Confirmed, int Reserved);

/// <summary>Managers' changes to discounts, each stored with the event that announces it in one transaction.</summary>
public sealed class DiscountBook(InvoicingDbContext db, TimeProvider time)
{
    /// <returns>False, storing nothing, when the code exists already (in any case).</returns>
    public async Task<bool> CreateAsync(PromotionCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PromotionCodes.Add(code);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return false;
        }

        await JournalAsync(InvoicingEvents.PromotionCodeStream(code.Code), InvoicingEvents.PromotionCodeCreated, code.CreatedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task CreateAsync(ClientDiscount discount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(discount);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ClientDiscounts.Add(discount);
        await db.SaveChangesAsync(cancellationToken);
        await JournalAsync(InvoicingEvents.ClientDiscountStream(discount.Id), InvoicingEvents.ClientDiscountCreated, discount.CreatedBy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<Deactivation> DeactivatePromotionCodeAsync(string code, string actor, CancellationToken cancellationToken)
    {
        var normalized = PromotionCode.Normalize(code);
        return DeactivateAsync(
            db.PromotionCodes.Where(existing => existing.Code == normalized), InvoicingEvents.PromotionCodeStream(normalized), InvoicingEvents.PromotionCodeDeactivated, actor, cancellationToken);
    }

    public Task<Deactivation> DeactivateClientDiscountAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        DeactivateAsync(
            db.ClientDiscounts.Where(existing => existing.Id == id), InvoicingEvents.ClientDiscountStream(id), InvoicingEvents.ClientDiscountDeactivated, actor, cancellationToken);

    /// <summary>The current usage of each of <paramref name="codeIds"/>, by the rule the limits apply (<see cref="PromotionCodeRedemption.Counts"/>).</summary>
    public async Task<Dictionary<Guid, PromotionCodeUsage>> UsageAsync(IReadOnlyCollection<Guid> codeIds, CancellationToken cancellationToken)
    {
        var counted = await db.PromotionCodeRedemptions.AsNoTracking()
            .Where(redemption => codeIds.Contains(redemption.PromotionCodeId))
            .Where(PromotionCodeRedemption.Counts)
            .GroupBy(redemption => redemption.PromotionCodeId)
            .Select(uses => new
            {
                uses.Key,
                Confirmed = uses.Count(redemption => redemption.Status == RedemptionStatus.Confirmed),
                Reserved = uses.Count(redemption => redemption.Status == RedemptionStatus.Reserved),
            })
            .ToListAsync(cancellationToken);
        return codeIds.ToDictionary(
            id => id,
            id => counted.FirstOrDefault(usage => usage.Key == id) is { } usage ? new PromotionCodeUsage(usage.Confirmed, usage.Reserved) : new PromotionCodeUsage(0, 0));
    }

    private async Task<Deactivation> DeactivateAsync<TDiscount>(
        IQueryable<TDiscount> discount, string streamId, string eventType, string actor, CancellationToken cancellationToken)
        where TDiscount : Discount
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await discount
            .Where(existing => existing.Active)
            .ExecuteUpdateAsync(setters => setters.SetProperty(existing => existing.Active, false).SetProperty(existing => existing.DeactivatedAt, time.GetUtcNow()), cancellationToken);
        if (changed == 0)
        {
            return await discount.AnyAsync(cancellationToken) ? Deactivation.WasInactive : Deactivation.NotFound;
        }

        await JournalAsync(streamId, eventType, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Deactivation.Deactivated;
    }

    private Task<bool> JournalAsync(string streamId, string type, string actor, CancellationToken cancellationToken) =>
        db.JournalOnceAsync(new SeedEvent(Guid.CreateVersion7(), streamId, type, actor, time.GetUtcNow()), cancellationToken);
}
