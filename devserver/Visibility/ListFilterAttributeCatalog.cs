namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// The search attributes this dev server can filter on: Temporal's system attributes that ops need.
/// Custom search attributes are not supported, so naming one is an error rather than an empty result.
/// </summary>
internal static class ListFilterAttributeCatalog
{
    private static readonly ListFilterAttribute[] Attributes =
    [
        new ListFilterKeywordAttribute("WorkflowId", row => row.WorkflowId),
        new ListFilterKeywordAttribute("RunId", row => row.RunId),
        new ListFilterKeywordAttribute("WorkflowType", row => row.WorkflowType),
        new ListFilterStatusAttribute(),
        new ListFilterTimeAttribute("StartTime", row => row.StartTime),
        new ListFilterTimeAttribute("CloseTime", row => row.CloseTime),
        new ListFilterTimeAttribute("ExecutionTime", row => row.ExecutionTime),
        new ListFilterKeywordAttribute("TaskQueue", row => row.TaskQueue),
        new ListFilterKeywordAttribute("ParentWorkflowId", row => row.ParentWorkflowId),
        new ListFilterKeywordAttribute("ParentRunId", row => row.ParentRunId),
        new ListFilterKeywordAttribute("RootWorkflowId", row => row.RootWorkflowId),
        new ListFilterKeywordAttribute("RootRunId", row => row.RootRunId),
    ];

    public static IReadOnlyList<ListFilterAttribute> All => Attributes;

    /// <summary>Finds an attribute by its case-sensitive name, as Temporal matches search attribute names.</summary>
    public static ListFilterAttribute Find(ListFilterToken name)
    {
        ListFilterAttribute? attribute = Attributes.FirstOrDefault(candidate => candidate.Name == name.Text);
        if (attribute is not null)
        {
            return attribute;
        }

        ListFilterAttribute? differentCase = Attributes.FirstOrDefault(
            candidate => candidate.Name.Equals(name.Text, StringComparison.OrdinalIgnoreCase));
        string suggestion = differentCase is null
            ? string.Empty
            : $" (names are case-sensitive: did you mean {differentCase.Name}?)";
        throw new ListFilterException(
            $"search attribute '{name.Text}' is not supported{suggestion}; this dev server filters only on "
                + $"{string.Join(", ", Attributes.Select(candidate => candidate.Name))} and has no custom search attributes",
            name.Position);
    }
}
