namespace HelperPlatform.Workflows.Management;

/// <summary>
/// The seed events Management journals: a published definition version under the definition's stream
/// (<c>test-set/{code}</c>, <c>service-type/{code}</c>), a quality verdict under the order's.
/// </summary>
public static class ManagementEvents
{
    public const string ServiceTypeDefined = "ServiceTypeDefined";
    public const string TestSetConfigured = "TestSetConfigured";
    public const string QualityChecked = "QualityChecked";

    /// <summary>A manager's credit to a worker was posted; journalled by Invoicing, whose ledger holds it, under the worker's stream.</summary>
    public const string WorkerCredited = "WorkerCredited";
}
