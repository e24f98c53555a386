namespace HelperPlatform.Activities.Identity;

/// <summary>The people of the business, as authorization roles.</summary>
public static class PlatformRoles
{
    public const string Client = "client";
    public const string Candidate = "candidate";
    public const string Worker = "worker";
    public const string Manager = "manager";
    public const string Warehouse = "warehouse";
    public const string Ops = "ops";

    public static IReadOnlyList<string> All { get; } = [Client, Candidate, Worker, Manager, Warehouse, Ops];

    /// <summary>Roles only an ops account may grant: staff never sign themselves up.</summary>
    public static IReadOnlyList<string> Staff { get; } = [Manager, Warehouse, Ops];
}
