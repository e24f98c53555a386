namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// A search attribute a list filter can test: how a literal is read for it, and how a row's value compares
/// with such a literal.
/// </summary>
internal abstract class ListFilterAttribute(string name)
{
    public string Name { get; } = name;

    /// <summary>The type ListSearchAttributes reports for this attribute.</summary>
    public abstract Temporalio.Api.Enums.V1.IndexedValueType ValueType { get; }

    /// <summary>Whether &lt;, &lt;=, &gt;, &gt;= and BETWEEN have a meaning for this attribute.</summary>
    public abstract bool IsOrdered { get; }

    /// <summary>Converts a literal to this attribute's value type, or explains why it cannot be one.</summary>
    public object ParseLiteral(ListFilterToken token) => token.Kind switch
    {
        ListFilterTokenKind.String => ParseString(token),
        ListFilterTokenKind.Number => ParseNumber(token),
        ListFilterTokenKind.Word or ListFilterTokenKind.QuotedIdentifier => throw new ListFilterException(
            $"'{token.Text}' is not a value; quote it if you meant the string, as in {Name} = '{token.Text}'", token.Position),
        _ => throw new ListFilterException($"expected a value for {Name} but found {token.Describe()}", token.Position),
    };

    /// <summary>
    /// Compares the row's value with a literal from <see cref="ParseLiteral"/>: negative, zero or positive, or null
    /// when the row has no value, which SQL treats as unknown.
    /// </summary>
    public abstract int? CompareWith(ExecutionVisibility row, object literal);

    public abstract bool IsNull(ExecutionVisibility row);

    protected abstract object ParseString(ListFilterToken token);

    protected abstract object ParseNumber(ListFilterToken token);
}
