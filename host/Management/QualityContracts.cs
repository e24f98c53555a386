using HelperPlatform.Activities.Management.Quality;

namespace HelperPlatform.Host.Management;

public sealed record VerdictBody(bool? Passed, string? Note);

public sealed record QualityReviewResponse(
    Guid OrderId, Guid PhotoReportId, QualityReviewStatus Status, DateTimeOffset OpenedAt, string? ManagerId, string? Note, DateTimeOffset? CheckedAt);
