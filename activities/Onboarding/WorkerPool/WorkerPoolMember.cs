namespace HelperPlatform.Activities.Onboarding.WorkerPool;

/// <summary>A worker who can be sent to clients: their skills and home city.</summary>
public sealed class WorkerPoolMember
{
    public Guid AccountId { get; set; }

    public Guid ApplicationId { get; set; }

    public required string DisplayName { get; set; }

    public required string City { get; set; }

    public List<string> Skills { get; set; } = [];

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>Whether the worker takes offers now; only active workers are matched.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Where the worker last said they are (matching ranks by distance); null until they do.</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>When the worker last said where they are, so staff can tell a fresh position from a stale one.</summary>
    public DateTimeOffset? PositionReportedAt { get; set; }

    /// <summary>0–5 from the quality reviews of the worker's orders (<see cref="WorkerRating"/>); null while none was reviewed.</summary>
    public decimal? Rating { get; set; }
}

/// <summary>A quality verdict on one order of a worker: the order id is the key, so a review counts once towards the rating.</summary>
public sealed class RecordedWorkerReview
{
    public Guid OrderId { get; set; }

    public Guid WorkerId { get; set; }

    public bool Passed { get; set; }

    public DateTimeOffset ReviewedAt { get; set; }
}
