using System.Globalization;
using HelperPlatform.Activities.Platform.Persistence;
using HelperPlatform.Workflows.Invoicing;
using HelperPlatform.Workflows.Platform;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace HelperPlatform.Activities.Invoicing.Discounts;

/// <summary>
/// Discounts as Ordering reaches them on Invoicing's queue: a quote's discounts, and a promotion code's uses. A
/// reservation locks the code's row, so concurrent placements count one after the other and the limits hold.
/// </summary>
public sealed class DiscountActivities(InvoicingDbContext db, TimeProvider time) : IDiscountActivities
{
    [Activity]
    public async Task<DiscountOffer> OfferDiscountsAsync(DiscountQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var clientDiscounts = await db.ClientDiscounts.AsNoTracking()
            .Where(discount => discount.ClientId == query.ClientId && discount.Active
                && (discount.ValidFrom == null || discount.ValidFrom <= query.At)
                && (discount.ValidUntil == null || discount.ValidUntil > query.At))
            .ToListAsync(cancellationToken);
        DiscountCandidate? promotion = null;
        if (query.PromotionCode is { } given)
        {
            var code = await db.PromotionCodes.AsNoTracking().SingleOrDefaultAsync(code => code.Code == PromotionCode.Normalize(given), cancellationToken);
            var refusal = code is null
                ? $"There is no promotion code '{given}'."
                : WhyNotApplicable(code, query) ?? await WhyUsedUpAsync(code, query.ClientId, cancellationToken);
            if (refusal is not null)
            {
                return new DiscountOffer([], refusal);
            }

            promotion = Candidate(code!);
        }

        var applied = DiscountRules.Apply(
            query.Subtotal,
            query.Currency,
            clientDiscounts.Select(discount => new DiscountCandidate(
                DiscountSource.ClientDiscount, discount.Id.ToString(), discount.Description ?? discount.Terms.Describe(), discount.Terms)),
            promotion);
        return new DiscountOffer(applied, null);
    }

    /// <summary>
    /// The validity window is not checked again: the quote was priced inside it and the client may place it until it
    /// expires. A code deactivated since, or used up since, is refused.
    /// </summary>
    [Activity]
    public async Task<PromotionCodeReservation> ReservePromotionCodeAsync(PromotionCodeUse use)
    {
        ArgumentNullException.ThrowIfNull(use);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var normalized = PromotionCode.Normalize(use.PromotionCode);
        // The row lock serializes the reservations of one code: each counts the uses committed before it.
        var code = await db.PromotionCodes
            .FromSql($"SELECT * FROM invoicing.promotion_codes WHERE code = {normalized} FOR UPDATE")
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (code is null)
        {
            return new PromotionCodeReservation(false, $"There is no promotion code '{use.PromotionCode}'.");
        }

        var earlier = await db.PromotionCodeRedemptions.AsNoTracking().SingleOrDefaultAsync(redemption => redemption.QuoteId == use.QuoteId, cancellationToken);
        if (earlier is not null)
        {
            return earlier.Status == RedemptionStatus.Released
                ? new PromotionCodeReservation(false, $"The use of promotion code '{code.Code}' by this quote's order was released.")
                : new PromotionCodeReservation(true, null);
        }

        var refusal = code.Active
            ? await WhyUsedUpAsync(code, use.ClientId, cancellationToken)
            : $"Promotion code '{code.Code}' was withdrawn.";
        if (refusal is not null)
        {
            return new PromotionCodeReservation(false, refusal);
        }

        db.PromotionCodeRedemptions.Add(new PromotionCodeRedemption
        {
            QuoteId = use.QuoteId,
            PromotionCodeId = code.Id,
            ClientId = use.ClientId,
            Status = RedemptionStatus.Reserved,
            ReservedAt = use.At,
            QuoteExpiresAt = use.QuoteExpiresAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        await JournalAsync(code.Code, InvoicingEvents.PromotionCodeReserved, use.ClientId, use.QuoteId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PromotionCodeReservation(true, null);
    }

    /// <summary>Only a reservation becomes confirmed: a use released before its confirmation came stays released.</summary>
    [Activity]
    public async Task ConfirmPromotionCodeUseAsync(Guid quoteId, Guid orderId)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.PromotionCodeRedemptions
            .Where(redemption => redemption.QuoteId == quoteId && redemption.Status == RedemptionStatus.Reserved)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(redemption => redemption.Status, RedemptionStatus.Confirmed)
                    .SetProperty(redemption => redemption.OrderId, orderId)
                    .SetProperty(redemption => redemption.ConfirmedAt, time.GetUtcNow()),
                cancellationToken);
        if (changed > 0)
        {
            await JournalUseAsync(quoteId, InvoicingEvents.PromotionCodeUseConfirmed, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [Activity]
    public async Task<bool> ReleasePromotionCodeUseAsync(Guid quoteId)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.PromotionCodeRedemptions
            .Where(redemption => redemption.QuoteId == quoteId && redemption.Status != RedemptionStatus.Released)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(redemption => redemption.Status, RedemptionStatus.Released)
                    .SetProperty(redemption => redemption.ReleasedAt, time.GetUtcNow()),
                cancellationToken);
        if (changed > 0)
        {
            await JournalUseAsync(quoteId, InvoicingEvents.PromotionCodeReleased, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed > 0;
    }

    [Activity]
    public async Task<IReadOnlyList<Guid>> FindUnconfirmedPromotionCodeUsesAsync(UnconfirmedUseQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await db.PromotionCodeRedemptions.AsNoTracking()
            .Where(redemption => redemption.Status == RedemptionStatus.Reserved && redemption.QuoteExpiresAt < query.QuotesExpiredBefore)
            .Where(redemption => query.After == null || redemption.QuoteId.CompareTo(query.After.Value) > 0)
            .OrderBy(redemption => redemption.QuoteId)
            .Select(redemption => redemption.QuoteId)
            .Take(query.Limit)
            .ToListAsync(ActivityExecutionContext.Current.CancellationToken);
    }

    /// <summary>
    /// One statement releases them and answers which it released, so a concurrent confirmation or a second call
    /// finds them released; a quote still valid may yet be placed, so its reservation is kept whatever the caller says.
    /// </summary>
    [Activity]
    public async Task<int> ReleaseUnplacedPromotionCodeUsesAsync(IReadOnlyList<Guid> quoteIds)
    {
        ArgumentNullException.ThrowIfNull(quoteIds);
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var now = time.GetUtcNow();
        var ids = quoteIds.ToArray();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var released = await db.Database.SqlQuery<ReleasedUse>(
            $"""
            UPDATE invoicing.promotion_code_redemptions AS redemption
            SET status = {nameof(RedemptionStatus.Released)}, released_at = {now}
            FROM invoicing.promotion_codes AS code
            WHERE code.id = redemption.promotion_code_id AND redemption.quote_id = ANY({ids})
                AND redemption.status = {nameof(RedemptionStatus.Reserved)} AND redemption.quote_expires_at <= {now}
            RETURNING redemption.quote_id, code.code, redemption.client_id
            """).ToListAsync(cancellationToken);
        foreach (var use in released)
        {
            await JournalAsync(use.Code, InvoicingEvents.PromotionCodeReleased, use.ClientId, use.QuoteId, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return released.Count;
    }

    private static DiscountCandidate Candidate(PromotionCode code) =>
        new(DiscountSource.PromotionCode, code.Code, code.Description ?? $"Promotion code {code.Code}: {code.Terms.Describe()}", code.Terms);

    private static string? WhyNotApplicable(PromotionCode code, DiscountQuery query) => code switch
    {
        { Active: false } => $"Promotion code '{code.Code}' was withdrawn.",
        { ValidFrom: { } from } when query.At < from => $"Promotion code '{code.Code}' is valid only from {Instant(from)}.",
        { ValidUntil: { } until } when query.At >= until => $"Promotion code '{code.Code}' expired at {Instant(until)}.",
        { ServiceTypeCodes.Count: > 0 } when !code.ServiceTypeCodes.Contains(query.ServiceTypeCode) =>
            $"Promotion code '{code.Code}' does not apply to service type '{query.ServiceTypeCode}'.",
        _ when !code.Terms.AppliesIn(query.Currency) => $"Promotion code '{code.Code}' applies only to prices in {code.Currency}.",
        _ => null,
    };

    private async Task<string?> WhyUsedUpAsync(PromotionCode code, string clientId, CancellationToken cancellationToken)
    {
        var counting = db.PromotionCodeRedemptions.Where(redemption => redemption.PromotionCodeId == code.Id).Where(PromotionCodeRedemption.Counts);
        if (code.TotalUsageLimit is { } total && await counting.CountAsync(cancellationToken) >= total)
        {
            return $"Promotion code '{code.Code}' has been used as often as it may be ({total} times).";
        }

        return code.PerClientUsageLimit is { } perClient && await counting.CountAsync(redemption => redemption.ClientId == clientId, cancellationToken) >= perClient
            ? $"You have used promotion code '{code.Code}' as often as it allows ({perClient} times)."
            : null;
    }

    private async Task JournalUseAsync(Guid quoteId, string type, CancellationToken cancellationToken)
    {
        var use = await db.PromotionCodeRedemptions.AsNoTracking()
            .Where(redemption => redemption.QuoteId == quoteId)
            .Join(db.PromotionCodes, redemption => redemption.PromotionCodeId, code => code.Id, (redemption, code) => new { code.Code, redemption.ClientId })
            .SingleAsync(cancellationToken);
        await JournalAsync(use.Code, type, use.ClientId, quoteId, cancellationToken);
    }

    /// <summary>Journalled in the transaction of the change it announces, which a retry does not repeat, so the event is stored once.</summary>
    private Task<bool> JournalAsync(string code, string type, string actor, Guid quoteId, CancellationToken cancellationToken) =>
        db.JournalOnceAsync(
            new SeedEvent(Guid.CreateVersion7(), InvoicingEvents.PromotionCodeStream(code), type, actor, time.GetUtcNow(), $$"""{"quoteId":"{{quoteId}}"}"""),
            cancellationToken);

    private static string Instant(DateTimeOffset at) => at.ToString("u", CultureInfo.InvariantCulture);

    private sealed record ReleasedUse(Guid QuoteId, string Code, string ClientId);
}
