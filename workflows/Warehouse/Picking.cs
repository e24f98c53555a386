using System.Text.Json.Serialization;
using HelperPlatform.Workflows.Management;
using HelperPlatform.Workflows.Platform;
using Temporalio.Activities;

namespace HelperPlatform.Workflows.Warehouse;

/// <summary>Where an order's kit stands in the warehouse; staff list picks by it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PickStage>))]
public enum PickStage
{
    Reserving,
    AwaitingDelivery,
    ReadyToAssemble,
    Assembled,
    ReadyForHandOver,
    Issued,
    Released,
}

/// <summary>The supplies of an order's service type version, to reserve and assemble into a kit.</summary>
public sealed record PickRequest(Guid OrderId, IReadOnlyList<SupplyLine> Supplies);

/// <summary>A SKU the shelves cannot cover: <paramref name="Missing"/> units are bought from the contractor.</summary>
public sealed record StockShortage(string Sku, int Missing);

public sealed record KitAssembled(DateTimeOffset AssembledAt, string StaffId);

/// <summary>Hand the assembled kit of <paramref name="OrderId"/> to the order's assigned worker.</summary>
public sealed record HandOverRequest(Guid OrderId, string WorkerId);

public sealed record KitIssued(DateTimeOffset IssuedAt, string StaffId, string WorkerId);

/// <summary>A staff member's confirmation (kit assembled, kit issued); the account id comes from their token.</summary>
public sealed record StaffConfirmation(string StaffId);

/// <summary>One change to a pick's record, with the warehouse's seed event when the change is one.</summary>
/// <param name="WorkerId">The worker the kit is for, once the order has one.</param>
public sealed record PickProgress(Guid OrderId, PickStage Stage, string? WorkerId, SeedEvent? Event);

/// <summary>The warehouse's stock and picks, in the Warehouse worker.</summary>
public interface IPickingActivities
{
    /// <summary>Reserves every supply line at once or none; returns what is short (empty when reserved). Idempotent by order.</summary>
    [Activity]
    Task<IReadOnlyList<StockShortage>> ReserveStockAsync(PickRequest pick);

    /// <summary>Records the pick's stage; <see cref="PickStage.Issued"/> also consumes the reservation.</summary>
    [Activity]
    Task RecordPickProgressAsync(PickProgress progress);

    /// <summary>Compensation: puts a reservation that was not issued back on the shelf. Returns whether anything was released.</summary>
    [Activity]
    Task<bool> ReleaseStockReservationAsync(Guid orderId);
}

/// <summary>Why a picking workflow refuses a staff update.</summary>
public static class PickRefusals
{
    public const string WrongState = "PickStateConflict";
}
