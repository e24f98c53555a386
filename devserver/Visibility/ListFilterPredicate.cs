using System.Diagnostics;

namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// A node of a parsed list filter. Evaluation follows SQL's three-valued logic: null means unknown, which is what
/// comparing with a running execution's CloseTime gives, and only true selects a row. So "CloseTime != x" and
/// "NOT (CloseTime = x)" both leave running executions out, as a SQL visibility store would.
/// </summary>
internal abstract class ListFilterPredicate
{
    public abstract bool? Evaluate(ExecutionVisibility row);
}

/// <summary>A chain of ANDs, kept flat so that a long chain cannot exhaust the stack while evaluating.</summary>
internal sealed class AllPredicate(IReadOnlyList<ListFilterPredicate> operands) : ListFilterPredicate
{
    public override bool? Evaluate(ExecutionVisibility row)
    {
        bool? result = true;
        foreach (ListFilterPredicate operand in operands)
        {
            // C#'s & on bool? is SQL's AND: false beats unknown, unknown beats true.
            result &= operand.Evaluate(row);
            if (result == false)
            {
                return false;
            }
        }

        return result;
    }
}

/// <summary>A chain of ORs, kept flat so that a long chain cannot exhaust the stack while evaluating.</summary>
internal sealed class AnyPredicate(IReadOnlyList<ListFilterPredicate> operands) : ListFilterPredicate
{
    public override bool? Evaluate(ExecutionVisibility row)
    {
        bool? result = false;
        foreach (ListFilterPredicate operand in operands)
        {
            // C#'s | on bool? is SQL's OR: true beats unknown, unknown beats false.
            result |= operand.Evaluate(row);
            if (result == true)
            {
                return true;
            }
        }

        return result;
    }
}

/// <summary>NOT, and the negated forms NOT IN, NOT BETWEEN, NOT STARTS_WITH and IS NOT NULL; NOT unknown stays unknown.</summary>
internal sealed class NotPredicate(ListFilterPredicate operand) : ListFilterPredicate
{
    public override bool? Evaluate(ExecutionVisibility row) => !operand.Evaluate(row);
}

internal sealed class ComparisonPredicate(ListFilterAttribute attribute, ListFilterComparison comparison, object literal)
    : ListFilterPredicate
{
    public override bool? Evaluate(ExecutionVisibility row) =>
        attribute.CompareWith(row, literal) is int order
            ? comparison switch
            {
                ListFilterComparison.Equal => order == 0,
                ListFilterComparison.NotEqual => order != 0,
                ListFilterComparison.Less => order < 0,
                ListFilterComparison.LessOrEqual => order <= 0,
                ListFilterComparison.Greater => order > 0,
                ListFilterComparison.GreaterOrEqual => order >= 0,
                _ => throw new UnreachableException($"Unknown comparison {comparison}."),
            }
            : null;
}

/// <summary>IN, kept as one node rather than a chain of ORs so a long list costs no stack.</summary>
internal sealed class InPredicate(ListFilterAttribute attribute, IReadOnlyList<object> literals) : ListFilterPredicate
{
    public override bool? Evaluate(ExecutionVisibility row) =>
        attribute.IsNull(row) ? null : literals.Any(literal => attribute.CompareWith(row, literal) == 0);
}

internal sealed class StartsWithPredicate(ListFilterKeywordAttribute attribute, string prefix) : ListFilterPredicate
{
    public override bool? Evaluate(ExecutionVisibility row) => attribute.Read(row)?.StartsWith(prefix, StringComparison.Ordinal);
}

internal sealed class IsNullPredicate(ListFilterAttribute attribute) : ListFilterPredicate
{
    public override bool? Evaluate(ExecutionVisibility row) => attribute.IsNull(row);
}
