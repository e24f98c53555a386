using System.Collections.Frozen;
using System.Globalization;
using Google.Protobuf.Reflection;
using Temporalio.Api.Enums.V1;

namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// ExecutionStatus. Temporal accepts a status by its short name ('Running'), its protobuf name
/// ('WORKFLOW_EXECUTION_STATUS_RUNNING') or its number, all case-sensitive.
/// </summary>
/// <remarks>
/// Ordering operators are refused: SQL stores order statuses by number and Elasticsearch by name, so no answer
/// to "ExecutionStatus &lt; 'Failed'" would be Temporal's.
/// </remarks>
internal sealed class ListFilterStatusAttribute() : ListFilterAttribute("ExecutionStatus")
{
    private static readonly FrozenDictionary<string, WorkflowExecutionStatus> StatusesByName = IndexStatusNames();

    private static readonly string ShortNames = string.Join(
        ", ", Enum.GetValues<WorkflowExecutionStatus>().Where(status => status != WorkflowExecutionStatus.Unspecified));

    public override Temporalio.Api.Enums.V1.IndexedValueType ValueType => Temporalio.Api.Enums.V1.IndexedValueType.Keyword;

    public override bool IsOrdered => false;

    public override int? CompareWith(ExecutionVisibility row, object literal) =>
        row.Status.CompareTo((WorkflowExecutionStatus)literal);

    public override bool IsNull(ExecutionVisibility row) => false;

    protected override object ParseString(ListFilterToken token) =>
        StatusesByName.TryGetValue(token.Text, out WorkflowExecutionStatus status)
            ? status
            : throw new ListFilterException(
                $"'{token.Text}' is not an ExecutionStatus; use one of {ShortNames} (case-sensitive)", token.Position);

    protected override object ParseNumber(ListFilterToken token) =>
        int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            && Enum.IsDefined((WorkflowExecutionStatus)number)
            ? (WorkflowExecutionStatus)number
            : throw new ListFilterException($"{token.Text} is not an ExecutionStatus number", token.Position);

    private static FrozenDictionary<string, WorkflowExecutionStatus> IndexStatusNames()
    {
        // The C# enum member carries the short name; the descriptor carries the protobuf name.
        EnumDescriptor descriptor = WorkflowReflection.Descriptor.FindTypeByName<EnumDescriptor>(nameof(WorkflowExecutionStatus));
        return descriptor.Values
            .Select(value => (ProtobufName: value.Name, Status: (WorkflowExecutionStatus)value.Number))
            .SelectMany(entry => new[]
            {
                KeyValuePair.Create(entry.ProtobufName, entry.Status),
                KeyValuePair.Create(entry.Status.ToString(), entry.Status),
            })
            .ToFrozenDictionary(StringComparer.Ordinal);
    }
}
