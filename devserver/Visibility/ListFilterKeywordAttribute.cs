namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// A Keyword search attribute (WorkflowId, RunId, WorkflowType, TaskQueue): an exact string, compared ordinally
/// as Temporal's stores compare keywords byte by byte.
/// </summary>
internal sealed class ListFilterKeywordAttribute(string name, Func<ExecutionVisibility, string?> read)
    : ListFilterAttribute(name)
{
    public override Temporalio.Api.Enums.V1.IndexedValueType ValueType => Temporalio.Api.Enums.V1.IndexedValueType.Keyword;

    public override bool IsOrdered => true;

    public string? Read(ExecutionVisibility row) => read(row);

    public override int? CompareWith(ExecutionVisibility row, object literal) =>
        read(row) is { } value ? string.CompareOrdinal(value, (string)literal) : null;

    public override bool IsNull(ExecutionVisibility row) => read(row) is null;

    protected override object ParseString(ListFilterToken token) => token.Text;

    protected override object ParseNumber(ListFilterToken token) => throw new ListFilterException(
        $"{Name} is a string; write '{token.Text}' instead of {token.Text}", token.Position);
}
