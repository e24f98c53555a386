using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Invoicing.PaymentMethods;

/// <summary>Clients' payment methods, as the API registers and lists them; the invoice workflow charges the last registered.</summary>
public sealed class PaymentMethodBook(InvoicingDbContext db)
{
    public async Task<PaymentMethod> RegisterAsync(string clientId, string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var method = new PaymentMethod { Id = Guid.CreateVersion7(), ClientId = clientId, Token = token, RegisteredAt = now };
        db.PaymentMethods.Add(method);
        await db.SaveChangesAsync(cancellationToken);
        return method;
    }

    public Task<List<PaymentMethod>> ListAsync(string clientId, CancellationToken cancellationToken) =>
        db.PaymentMethods.AsNoTracking().Where(method => method.ClientId == clientId).OrderByDescending(method => method.RegisteredAt).ToListAsync(cancellationToken);
}
