using Temporalio.Workflows;

namespace HelperPlatform.Workflows.Invoicing;

/// <summary>
/// A workflow's Golden Hat payments as their webhooks tell them, for the workflows that wait for a payment's end.
/// Webhooks come at least once and in any order, or not at all: the first final word on a payment stands, and a
/// payment nobody told about within the wait is read from Golden Hat.
/// </summary>
internal sealed class PaymentOutcomes
{
    private readonly Dictionary<string, PaymentOutcome> outcomes = new(StringComparer.Ordinal);

    /// <summary>A webhook's outcome, from the workflow's <see cref="PaymentSignal"/> handler.</summary>
    public void Take(PaymentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcomes.TryGetValue(outcome.Id, out var known) || known.Status == PaymentStatus.Pending)
        {
            outcomes[outcome.Id] = outcome;
        }
    }

    /// <summary>
    /// How a payment Golden Hat accepted ended: its webhook's word, or, when none came within
    /// <paramref name="wait"/>, Golden Hat's answer to a read; a payment still pending waits again.
    /// </summary>
    public async Task<PaymentOutcome> SettledAsync(PaymentOutcome answer, Func<string, Task<PaymentOutcome>> read, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(read);
        var id = answer.Id;
        while (true)
        {
            if (await Workflow.WaitConditionAsync(() => outcomes.TryGetValue(id, out var outcome) && outcome.Status != PaymentStatus.Pending, wait))
            {
                return outcomes[id];
            }

            var current = await read(id);
            if (current.Status != PaymentStatus.Pending)
            {
                return current;
            }
        }
    }
}
