using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace HelperPlatform.Activities.Execution.Reports;

/// <summary>A checked image ready to store.</summary>
public sealed record UploadedPhoto(string ContentType, byte[] Content);

/// <summary>Photo reports in the execution schema: stored before the order workflow is asked, removed when it does not take them.</summary>
public sealed class PhotoStore(ExecutionDbContext db, TimeProvider time)
{
    /// <summary>
    /// Stores the report and its photos in one statement: one round trip, and all of it or nothing. Under the client's
    /// <paramref name="clientReportId"/> an upload is stored once: sent again (a retry after a lost answer or a killed
    /// host) it finds the report stored the first time and returns its id.
    /// </summary>
    /// <returns>The report's id; null when <paramref name="clientReportId"/> names another upload (other photos, order or worker).</returns>
    public async Task<Guid?> SubmitAsync(Guid orderId, string workerId, Guid? clientReportId, IReadOnlyList<UploadedPhoto> photos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var now = time.GetUtcNow();
        var reportId = clientReportId ?? Guid.CreateVersion7(now);
        var hashes = photos.Select(photo => Convert.ToHexStringLower(SHA256.HashData(photo.Content))).ToArray();
        var storedPhotos = await db.Database.ExecuteSqlAsync(
            $"""
            WITH report AS (
                INSERT INTO execution.photo_reports (id, order_id, worker_id, status, submitted_at)
                VALUES ({reportId}, {orderId}, {workerId}, {nameof(PhotoReportStatus.Submitted)}, {now})
                ON CONFLICT (id) DO NOTHING
                RETURNING id)
            INSERT INTO execution.photos (id, report_id, position, content_type, content, size_bytes, sha256)
            SELECT photo.id, report.id, photo.position - 1, photo.content_type, photo.content, length(photo.content), photo.sha256
            FROM report, unnest({photos.Select(_ => Guid.CreateVersion7(now)).ToArray()}, {photos.Select(photo => photo.ContentType).ToArray()},
                {photos.Select(photo => photo.Content).ToArray()}, {hashes})
                WITH ORDINALITY AS photo (id, content_type, content, sha256, position)
            """,
            cancellationToken);
        if (storedPhotos > 0)
        {
            return reportId;
        }

        var stored = await db.PhotoReports.AsNoTracking()
            .Where(report => report.Id == reportId)
            .Select(report => new { report.OrderId, report.WorkerId, Hashes = report.Photos.OrderBy(photo => photo.Position).Select(photo => photo.Sha256).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            // Removed since the insert found it (the sweep of unaccepted reports): store it anew.
            return await SubmitAsync(orderId, workerId, clientReportId, photos, cancellationToken);
        }

        return stored.OrderId == orderId && stored.WorkerId == workerId && stored.Hashes.SequenceEqual(hashes, StringComparer.Ordinal) ? reportId : null;
    }

    /// <summary>The report is not the order's (refused, never offered, or another report is): its photos are not kept.</summary>
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
