namespace HelperPlatform.Workflows.Platform;

/// <summary>
/// The seven bounded contexts of the Event Storming. Each one owns a Temporal task queue and a database
/// schema; the host runs any subset of them.
/// </summary>
public enum BoundedContext
{
    Management,
    Onboarding,
    Ordering,
    Warehouse,
    Execution,
    Invoicing,
    Totalizator,
}
