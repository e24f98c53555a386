using System.Globalization;
using HelperPlatform.DevServer.Visibility;
using Temporalio.Api.Enums.V1;

namespace HelperPlatform.DevServer.Tests.Visibility;

public class ListFilterTests
{
    private static readonly ExecutionVisibility[] Rows =
    [
        Row("order-1", "OrderWorkflow", WorkflowExecutionStatus.Running, "2026-11-23T10:00:00Z", closed: null, "orders"),
        Row("order-2", "OrderWorkflow", WorkflowExecutionStatus.Completed, "2026-11-22T09:00:00Z", "2026-11-22T09:30:00Z", "orders"),
        Row("onboarding-1", "OnboardingWorkflow", WorkflowExecutionStatus.Failed, "2026-11-24T08:00:00.5Z", "2026-11-24T09:00:00Z", "onboarding"),
        Row("onboarding-2", "OnboardingWorkflow", WorkflowExecutionStatus.ContinuedAsNew, "2026-11-21T12:00:00Z", "2026-11-25T12:00:00Z", "onboarding"),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t\n ")]
    public void Parse_EmptyQuery_MatchesEverything(string? query)
    {
        Assert.Equal(["order-1", "order-2", "onboarding-1", "onboarding-2"], MatchingIds(query));
    }

    [Theory]
    [InlineData("WorkflowType = 'OrderWorkflow'", "order-1,order-2")]
    [InlineData("WorkflowType = \"OrderWorkflow\"", "order-1,order-2")]
    [InlineData("WorkflowId = 'order-2'", "order-2")]
    [InlineData("RunId = 'run-onboarding-1'", "onboarding-1")]
    [InlineData("TaskQueue = 'onboarding'", "onboarding-1,onboarding-2")]
    [InlineData("`WorkflowType` = 'OrderWorkflow'", "order-1,order-2")]
    [InlineData("WorkflowType != 'OrderWorkflow'", "onboarding-1,onboarding-2")]
    [InlineData("WorkflowType <> 'OrderWorkflow'", "onboarding-1,onboarding-2")]
    [InlineData("WorkflowType = 'orderworkflow'", "")]
    public void Matches_KeywordEquality_ComparesExactly(string query, string expectedIds)
    {
        Assert.Equal(Split(expectedIds), MatchingIds(query));
    }

    [Theory]
    [InlineData("ExecutionStatus = 'Running'")]
    [InlineData("ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_RUNNING'")]
    [InlineData("ExecutionStatus = 1")]
    public void Matches_ExecutionStatusByShortNameProtobufNameOrNumber_SelectsThatStatus(string query)
    {
        Assert.Equal(["order-1"], MatchingIds(query));
    }

    [Theory]
    [InlineData("WorkflowType = 'OnboardingWorkflow' OR WorkflowType = 'OrderWorkflow' AND ExecutionStatus = 'Running'", "order-1,onboarding-1,onboarding-2")]
    [InlineData("(WorkflowType = 'OnboardingWorkflow' OR WorkflowType = 'OrderWorkflow') AND ExecutionStatus = 'Running'", "order-1")]
    [InlineData("NOT WorkflowType = 'OrderWorkflow' AND ExecutionStatus = 'Failed'", "onboarding-1")]
    [InlineData("NOT (WorkflowType = 'OrderWorkflow' OR ExecutionStatus = 'Failed')", "onboarding-2")]
    public void Matches_LogicalOperators_FollowSqlPrecedence(string query, string expectedIds)
    {
        Assert.Equal(Split(expectedIds), MatchingIds(query));
    }

    [Fact]
    public void Matches_KeywordsInAnyCase_AreRecognised()
    {
        Assert.Equal(
            ["order-1"],
            MatchingIds("WorkflowType = 'OrderWorkflow' and ExecutionStatus not in ('Completed') Or WorkflowId starts_with 'nothing'"));
    }

    [Theory]
    [InlineData("ExecutionStatus IN ('Running', 'Failed')", "order-1,onboarding-1")]
    [InlineData("ExecutionStatus NOT IN ('Running', 'Failed')", "order-2,onboarding-2")]
    [InlineData("WorkflowId IN ('order-2')", "order-2")]
    [InlineData("StartTime IN ('2026-11-23T10:00:00Z', '2026-11-22T09:00:00Z')", "order-1,order-2")]
    public void Matches_InList_SelectsMembers(string query, string expectedIds)
    {
        Assert.Equal(Split(expectedIds), MatchingIds(query));
    }

    [Theory]
    [InlineData("WorkflowId STARTS_WITH 'onboarding-'", "onboarding-1,onboarding-2")]
    [InlineData("WorkflowId NOT STARTS_WITH 'onboarding-'", "order-1,order-2")]
    [InlineData("WorkflowType STARTS_WITH 'Order'", "order-1,order-2")]
    [InlineData("WorkflowId STARTS_WITH 'ORDER'", "")]
    [InlineData("WorkflowId STARTS_WITH '%'", "")]
    public void Matches_StartsWith_ComparesPrefixOrdinally(string query, string expectedIds)
    {
        Assert.Equal(Split(expectedIds), MatchingIds(query));
    }

    [Theory]
    [InlineData("StartTime > '2026-11-23T00:00:00Z'", "order-1,onboarding-1")]
    [InlineData("StartTime >= '2026-11-23T10:00:00Z'", "order-1,onboarding-1")]
    [InlineData("StartTime < '2026-11-23T10:00:00Z'", "order-2,onboarding-2")]
    [InlineData("StartTime <= '2026-11-23T10:00:00Z'", "order-1,order-2,onboarding-2")]
    [InlineData("StartTime = '2026-11-23T11:00:00+01:00'", "order-1")]
    [InlineData("StartTime != '2026-11-23T11:00:00+01:00'", "order-2,onboarding-1,onboarding-2")]
    [InlineData("StartTime > '2026-11-24T08:00:00.499999999Z'", "onboarding-1")]
    [InlineData("StartTime > '2026-11-24T08:00:00.5Z'", "")]
    [InlineData("StartTime = 1795428000000000000", "order-1")]
    [InlineData("ExecutionTime < '2026-11-22T09:15:00+01:00'", "onboarding-2")]
    [InlineData("StartTime BETWEEN '2026-11-22T09:00:00Z' AND '2026-11-23T10:00:00Z'", "order-1,order-2")]
    [InlineData("StartTime NOT BETWEEN '2026-11-22T09:00:00Z' AND '2026-11-23T10:00:00Z'", "onboarding-1,onboarding-2")]
    [InlineData("WorkflowId BETWEEN 'onboarding-2' AND 'order-1'", "order-1,onboarding-2")]
    [InlineData("WorkflowId > 'order'", "order-1,order-2")]
    public void Matches_OrderedComparisons_CompareTimesAndKeywords(string query, string expectedIds)
    {
        Assert.Equal(Split(expectedIds), MatchingIds(query));
    }

    [Theory]
    [InlineData("CloseTime > '2000-01-01T00:00:00Z'")]
    [InlineData("CloseTime != '2000-01-01T00:00:00Z'")]
    [InlineData("NOT (CloseTime = '2000-01-01T00:00:00Z')")]
    [InlineData("NOT CloseTime < '2000-01-01T00:00:00Z'")]
    [InlineData("CloseTime NOT IN ('2000-01-01T00:00:00Z')")]
    [InlineData("CloseTime NOT BETWEEN '2000-01-01T00:00:00Z' AND '2000-01-02T00:00:00Z'")]
    public void Matches_CloseTimeOfRunningExecution_IsUnknownAndNeverMatches(string query)
    {
        Assert.Equal(["order-2", "onboarding-1", "onboarding-2"], MatchingIds(query));
    }

    [Theory]
    [InlineData("CloseTime IS NULL", "order-1")]
    [InlineData("CloseTime is not null", "order-2,onboarding-1,onboarding-2")]
    [InlineData("CloseTime IS NULL OR CloseTime > '2026-11-25T00:00:00Z'", "order-1,onboarding-2")]
    [InlineData("WorkflowId IS NULL", "")]
    public void Matches_IsNull_TestsForMissingCloseTime(string query, string expectedIds)
    {
        Assert.Equal(Split(expectedIds), MatchingIds(query));
    }

    [Theory]
    [InlineData("WorkflowId = 'it''s'")]
    [InlineData("WorkflowId = 'it\\'s'")]
    [InlineData("WorkflowId = \"it's\"")]
    public void Matches_EscapedQuotes_DecodeLikeSql(string query)
    {
        var row = Rows[0] with { WorkflowId = "it's" };

        Assert.True(ListFilter.Parse(query).Matches(row));
    }

    [Fact]
    public void Matches_BackslashEscapes_DecodeMySqlSequences()
    {
        var row = Rows[0] with { WorkflowId = "a\tb\\c" };

        Assert.True(ListFilter.Parse(@"WorkflowId = 'a\tb\\c'").Matches(row));
    }

    [Theory]
    [InlineData("CustomerId = 'c-1'", "'CustomerId'")]
    [InlineData("workflowId = 'order-1'", "did you mean WorkflowId?")]
    [InlineData("HistoryLength > 10", "'HistoryLength'")]
    public void Parse_UnsupportedAttribute_ThrowsNamingIt(string query, string expectedFragment)
    {
        var error = Assert.Throws<ListFilterException>(() => ListFilter.Parse(query));

        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WorkflowId LIKE 'order%'", "LIKE is not supported")]
    [InlineData("WorkflowId NOT LIKE 'order%'", "LIKE is not supported")]
    [InlineData("ORDER BY StartTime DESC", "ORDER BY is not supported")]
    [InlineData("WorkflowType = 'OrderWorkflow' order by StartTime", "ORDER BY is not supported")]
    [InlineData("ExecutionStatus = 'Running' GROUP BY ExecutionStatus", "GROUP BY is not supported")]
    [InlineData("WorkflowType = 'OrderWorkflow' LIMIT 10", "LIMIT is not supported")]
    [InlineData("StartTime > now()", "functions such as now() are not supported")]
    [InlineData("lower(WorkflowId) = 'x'", "functions such as lower() are not supported")]
    [InlineData("ExecutionStatus > 'Running'", "> is not supported for ExecutionStatus")]
    [InlineData("ExecutionStatus BETWEEN 'Running' AND 'Failed'", "BETWEEN is not supported for ExecutionStatus")]
    [InlineData("StartTime STARTS_WITH '2026'", "STARTS_WITH is not supported for StartTime")]
    [InlineData("ExecutionStatus STARTS_WITH 'Run'", "STARTS_WITH is not supported for ExecutionStatus")]
    [InlineData("ExecutionStatus = 'running'", "'running' is not an ExecutionStatus")]
    [InlineData("ExecutionStatus = 42", "42 is not an ExecutionStatus number")]
    [InlineData("ExecutionStatus = Running", "quote it if you meant the string")]
    [InlineData("StartTime > 'yesterday'", "RFC 3339")]
    [InlineData("StartTime > '2026-11-23T10:00:00'", "RFC 3339")]
    [InlineData("StartTime > '2026-11-23'", "RFC 3339")]
    [InlineData("StartTime > '2026-02-30T10:00:00Z'", "RFC 3339")]
    [InlineData("StartTime > 1.5", "whole Unix nanoseconds")]
    [InlineData("StartTime > 99999999999999999999", "whole Unix nanoseconds")]
    [InlineData("WorkflowId = 42", "WorkflowId is a string")]
    [InlineData("WorkflowId STARTS_WITH 42", "WorkflowId is a string")]
    [InlineData("WorkflowId IS TRUE", "expected NULL or NOT NULL after IS")]
    [InlineData("WorkflowId NOT = 'x'", "expected IN, BETWEEN or STARTS_WITH after NOT")]
    [InlineData("WorkflowId 'x'", "expected an operator")]
    [InlineData("WorkflowId IN ()", "expected a value for WorkflowId but found ')'")]
    [InlineData("WorkflowId IN 'x'", "expected '('")]
    [InlineData("StartTime BETWEEN '2026-11-23T10:00:00Z' OR '2026-11-24T10:00:00Z'", "expected AND between the two bounds")]
    [InlineData("WorkflowId = 'x' AND", "found the end of the filter")]
    [InlineData("(WorkflowId = 'x'", "expected ')'")]
    [InlineData("WorkflowId = 'x')", "expected AND, OR or the end of the filter but found ')'")]
    [InlineData("WorkflowId = 'x' WorkflowType = 'y'", "expected AND, OR or the end of the filter but found 'WorkflowType'")]
    [InlineData("'x' = WorkflowId", "expected a search attribute name but found 'x'")]
    [InlineData("WorkflowId = 'x", "no closing '")]
    [InlineData("`WorkflowId = 'x'", "no closing `")]
    [InlineData("WorkflowId = 'x' && WorkflowType = 'y'", "unexpected character '&'")]
    [InlineData("StartTime > 12abc", "'12a' is not a number")]
    public void Parse_UnsupportedOrMalformedFilter_ThrowsExplaining(string query, string expectedFragment)
    {
        var error = Assert.Throws<ListFilterException>(() => ListFilter.Parse(query));

        Assert.Contains(expectedFragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Error_ReportsOneBasedPosition()
    {
        var error = Assert.Throws<ListFilterException>(() => ListFilter.Parse("WorkflowType = 'x' AND Foo = 'y'"));

        Assert.Equal(24, error.Position);
        Assert.StartsWith("Invalid list filter at position 24: search attribute 'Foo' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedParentheses_ThrowsInsteadOfOverflowingTheStack()
    {
        string query = new string('(', 100_000) + "WorkflowId = 'x'" + new string(')', 100_000);

        var error = Assert.Throws<ListFilterException>(() => ListFilter.Parse(query));

        Assert.Contains("more than 100 deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_VeryLongOrChain_EvaluatesWithoutDeepRecursion()
    {
        string query = string.Join(" OR ", Enumerable.Range(0, 100_000).Select(i => $"WorkflowId = 'id-{i}'"))
            + " OR WorkflowId = 'order-2'";

        Assert.Equal(["order-2"], MatchingIds(query));
    }

    private static string[] MatchingIds(string? query)
    {
        ListFilter filter = ListFilter.Parse(query);
        return Rows.Where(filter.Matches).Select(row => row.WorkflowId).ToArray();
    }

    private static string[] Split(string ids) => ids.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static ExecutionVisibility Row(
        string workflowId, string workflowType, WorkflowExecutionStatus status, string started, string? closed, string taskQueue)
    {
        DateTimeOffset startTime = DateTimeOffset.Parse(started, CultureInfo.InvariantCulture);
        return new ExecutionVisibility(
            workflowId,
            "run-" + workflowId,
            workflowType,
            status,
            startTime,
            closed is null ? null : DateTimeOffset.Parse(closed, CultureInfo.InvariantCulture),
            ExecutionTime: startTime,
            taskQueue);
    }
}
