using HelperPlatform.Activities.Management.Quality;
using HelperPlatform.Host.Platform.Http;

namespace HelperPlatform.Host.Management;

public sealed record VerdictBody(bool? Passed, [MultiLineText] string? Note);

public sealed record QualityReviewResponse(
    Guid OrderId, Guid PhotoReportId, QualityReviewStatus Status, DateTimeOffset OpenedAt, string? ManagerId, string? Note, DateTimeOffset? CheckedAt);
