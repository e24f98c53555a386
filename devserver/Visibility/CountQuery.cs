using System.Text.RegularExpressions;

namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// A CountWorkflowExecutions query: a list filter optionally followed by <c>GROUP BY ExecutionStatus</c>, the only
/// grouping Temporal supports. The clause must come last, as in Temporal's SQL-like syntax.
/// </summary>
internal sealed partial record CountQuery(ListFilter Filter, bool GroupByStatus)
{
    /// <exception cref="ListFilterException">The filter is malformed, or groups by something other than ExecutionStatus.</exception>
    public static CountQuery Parse(string? query)
    {
        var match = query is null ? Match.Empty : GroupByClause().Match(query);
        if (!match.Success)
        {
            return new CountQuery(ListFilter.Parse(query), GroupByStatus: false);
        }
        var attribute = match.Groups["attribute"].Value;
        if (attribute != "ExecutionStatus")
        {
            throw new ListFilterException(
                $"'GROUP BY' clause is only supported for ExecutionStatus search attribute, not '{attribute}'", match.Groups["attribute"].Index + 1);
        }
        return new CountQuery(ListFilter.Parse(query![..match.Index]), GroupByStatus: true);
    }

    /// <summary>ListWorkflowExecutions takes no grouping; Temporal refuses it rather than ignoring it.</summary>
    public static void RefuseGrouping(string? query)
    {
        if (query is not null && GroupByClause().Match(query) is { Success: true } match)
        {
            throw new ListFilterException("'GROUP BY' clause is only supported in a count query", match.Index + 1);
        }
    }

    [GeneratedRegex(@"(?:^|\s)GROUP\s+BY\s+(?<attribute>[A-Za-z_][A-Za-z0-9_]*)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroupByClause();
}
