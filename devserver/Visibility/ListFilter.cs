namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// A parsed visibility list filter: the SQL-like query of ListWorkflowExecutions and CountWorkflowExecutions,
/// e.g. <c>WorkflowType = 'OrderWorkflow' AND ExecutionStatus = 'Running' AND StartTime &gt; '2026-11-23T00:00:00Z'</c>.
/// See <see cref="ListFilterParser"/> for the grammar. Anything it cannot evaluate exactly as Temporal would is
/// refused with a <see cref="ListFilterException"/> rather than answered approximately.
/// </summary>
internal sealed class ListFilter
{
    private static readonly ListFilter MatchAll = new(predicate: null);

    private readonly ListFilterPredicate? predicate;

    private ListFilter(ListFilterPredicate? predicate) => this.predicate = predicate;

    /// <exception cref="ListFilterException">The filter is malformed or uses something this server does not support.</exception>
    public static ListFilter Parse(string? query) =>
        string.IsNullOrWhiteSpace(query) ? MatchAll : new ListFilter(ListFilterParser.Parse(query));

    /// <summary>
    /// Whether the filter holds for the row. A filter that evaluates to unknown (a comparison with the CloseTime
    /// of a running execution) does not match, as in a SQL WHERE clause.
    /// </summary>
    public bool Matches(ExecutionVisibility row) => predicate is null || predicate.Evaluate(row) == true;
}
