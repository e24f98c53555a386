using HelperPlatform.Workflows.Ordering;

namespace HelperPlatform.Tests.Ordering;

public sealed class WorkerRankingTests
{
    [Fact]
    public void Rank_OrdersByDistanceBandThenRecentOrdersThenRatingThenId()
    {
        var ranked = WorkerRanking.Rank(
        [
            new MatchCandidate("far", 3_000, 0, 5.0m),
            new MatchCandidate("unplaced", null, 0, 5.0m),
            new MatchCandidate("busy-lately", 150, 2, 5.0m),
            new MatchCandidate("near-fair-good", 400, 0, 4.9m),
            new MatchCandidate("near-fair-poor", 50, 0, 2.7m),
            new MatchCandidate("near-fair-prior", 100, 0, 4.0m),
            new MatchCandidate("near-fair-unrated-b", 120, 0, null),
            new MatchCandidate("near-fair-unrated-a", 300, 0, null),
            new MatchCandidate("second-band", 600, 0, 5.0m),
        ]);

        // Unrated counts as the 4.0 every worker starts from: level with "prior", ahead of "poor", ties by id.
        Assert.Equal(
            ["near-fair-good", "near-fair-prior", "near-fair-unrated-a", "near-fair-unrated-b", "near-fair-poor", "busy-lately", "second-band", "far", "unplaced"],
            ranked.Select(candidate => candidate.WorkerId));
    }
}
