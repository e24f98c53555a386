using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Warehouse;

namespace HelperPlatform.Host.Warehouse;

/// <param name="WorkerId">Whom to hand the kit to, once the order has a worker.</param>
public sealed record PickResponse(Guid OrderId, PickStage Stage, IReadOnlyList<SupplyLine> Supplies, string? WorkerId, DateTimeOffset UpdatedAt);
