namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>A worker's accepted check-in on site.</summary>
public sealed class CheckIn
{
    public Guid OrderId { get; set; }

    public required string WorkerId { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>From the order's address, by the haversine formula.</summary>
    public double DistanceMeters { get; set; }

    public DateTimeOffset CheckedInAt { get; set; }
}

public enum PhotoReportStatus
{
    /// <summary>Stored, waiting for the order workflow to accept it.</summary>
    Submitted,

    /// <summary>The order's photo report (<c>PhotoReportSent</c>).</summary>
    Accepted,
}

/// <summary>A set of photos a worker uploaded for an order.</summary>
public sealed class PhotoReport
{
    public Guid Id { get; set; }

    public Guid OrderId { get; set; }

    public required string WorkerId { get; set; }

    public PhotoReportStatus Status { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public List<Photo> Photos { get; set; } = [];
}

/// <summary>One image of a report, stored in PostgreSQL (bytea) with its report: see docs/execution.md for why.</summary>
public sealed class Photo
{
    public Guid Id { get; set; }

    public Guid ReportId { get; set; }

    /// <summary>The position in the upload, from 0.</summary>
    public int Position { get; set; }

    /// <summary>What the bytes are (from their content, never from the file name): <c>image/jpeg</c>, <c>image/png</c> or <c>image/webp</c>.</summary>
    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }

    public int SizeBytes { get; set; }

    /// <summary>Lowercase hex SHA-256 of the content, so a reviewer can tell repeated images apart.</summary>
    public required string Sha256 { get; set; }
}
