using HelperPlatform.Workflows.Ordering;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace HelperPlatform.Activities.Ordering.Quotes;

/// <summary>Quotes for other contexts (Invoicing itemises an order's invoice from its quote).</summary>
public sealed class QuoteActivities(OrderingDbContext db) : IQuoteActivities
{
    [Activity]
    public async Task<QuotePrice> GetQuotePriceAsync(Guid quoteId)
    {
        var quote = await db.Quotes.AsNoTracking().SingleOrDefaultAsync(quote => quote.Id == quoteId, ActivityExecutionContext.Current.CancellationToken)
            ?? throw new ApplicationFailureException($"There is no quote {quoteId}.", nonRetryable: true);
        return QuoteBook.PriceOf(quote);
    }
}
