using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>A checked image ready to store.</summary>
public sealed record UploadedPhoto(string ContentType, byte[] Content);

/// <summary>Photo reports in the execution schema: stored before the order workflow is asked, removed when it refuses them.</summary>
public sealed class PhotoStore(ExecutionDbContext db, TimeProvider time)
{
    public async Task<Guid> SubmitAsync(Guid orderId, string workerId, IReadOnlyList<UploadedPhoto> photos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var report = new PhotoReport
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            OrderId = orderId,
            WorkerId = workerId,
            Status = PhotoReportStatus.Submitted,
            SubmittedAt = time.GetUtcNow(),
        };
        report.Photos.AddRange(photos.Select((photo, position) => new Photo
        {
            Id = Guid.CreateVersion7(),
            ReportId = report.Id,
            Position = position,
            ContentType = photo.ContentType,
            Content = photo.Content,
            SizeBytes = photo.Content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(photo.Content)),
        }));
        db.PhotoReports.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        return report.Id;
    }

    /// <summary>The order refused the report (wrong step, wrong count): its photos are not kept.</summary>
    public Task DiscardAsync(Guid reportId, CancellationToken cancellationToken) =>
        db.PhotoReports.Where(report => report.Id == reportId && report.Status == PhotoReportStatus.Submitted).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The photos of the order's accepted report, without their content.</summary>
    public Task<List<PhotoSummary>> ListAcceptedAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Photos.AsNoTracking()
            .Where(photo => db.PhotoReports.Any(report => report.Id == photo.ReportId && report.OrderId == orderId && report.Status == PhotoReportStatus.Accepted))
            .OrderBy(photo => photo.Position)
            .Select(photo => new PhotoSummary(photo.Id, photo.Position, photo.ContentType, photo.SizeBytes, photo.Sha256))
            .ToListAsync(cancellationToken);

    public Task<Photo?> FindAsync(Guid photoId, CancellationToken cancellationToken) =>
        db.Photos.AsNoTracking().SingleOrDefaultAsync(photo => photo.Id == photoId, cancellationToken);
}

public sealed record PhotoSummary(Guid Id, int Position, string ContentType, int SizeBytes, string Sha256);
