namespace HelperPlatform.Host.Invoicing;

public sealed record PayoutDestinationBody(string? Token);

/// <param name="PayableFrom">When payouts may go to it; later than <paramref name="RegisteredAt"/> while a change cools.</param>
public sealed record PayoutDestinationResponse(Guid Id, string Token, string Last4, DateTimeOffset RegisteredAt, DateTimeOffset PayableFrom);

/// <summary>The answer to a registration: the destination's id, recorded (and a change told to the worker) by its workflow.</summary>
public sealed record PayoutDestinationAccepted(Guid Id);
