namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// Recursive-descent parser for Temporal's list filter, with SQL precedence (OR &lt; AND &lt; NOT &lt; conditions):
/// <code>
/// filter     := or-expr
/// or-expr    := and-expr { OR and-expr }
/// and-expr   := not-expr { AND not-expr }
/// not-expr   := NOT not-expr | '(' or-expr ')' | condition
/// condition  := attribute ( comparison value
///                         | [NOT] IN '(' value { ',' value } ')'
///                         | [NOT] BETWEEN value AND value
///                         | [NOT] STARTS_WITH string
///                         | IS [NOT] NULL )
/// comparison := '=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
/// </code>
/// Keywords are case-insensitive; attribute names are case-sensitive and may be back-quoted.
/// </summary>
internal sealed class ListFilterParser
{
    // Parentheses and NOTs recurse; without a bound a hostile filter would overflow the stack, which .NET cannot
    // catch, and take the whole dev server down.
    private const int MaxNestingDepth = 100;

    private readonly List<ListFilterToken> tokens;
    private int index;
    private int nestingDepth;

    private ListFilterParser(List<ListFilterToken> tokens) => this.tokens = tokens;

    public static ListFilterPredicate Parse(string filter)
    {
        var parser = new ListFilterParser(ListFilterLexer.Tokenize(filter));
        parser.RejectUnsupportedClause();
        ListFilterPredicate predicate = parser.ParseOr();
        parser.RejectUnsupportedClause();
        if (parser.Current.Kind != ListFilterTokenKind.End)
        {
            throw parser.Unexpected("AND, OR or the end of the filter");
        }

        return predicate;
    }

    private ListFilterToken Current => tokens[index];

    private ListFilterToken Advance() => tokens[index++];

    /// <summary>
    /// ORDER BY is refused rather than honoured: Temporal's SQL visibility stores (SQLite under
    /// "temporal server start-dev", MySQL, PostgreSQL) and Temporal Cloud refuse it, and the server marks its
    /// Elasticsearch-only support for removal, so a filter relying on it would not run on a real cluster anyway.
    /// </summary>
    private void RejectUnsupportedClause()
    {
        string? problem =
            Current.IsKeyword("ORDER") ? "ORDER BY is not supported, as on Temporal's SQL visibility stores and Temporal Cloud"
            : Current.IsKeyword("GROUP") ? "GROUP BY is not supported by this dev server"
            : Current.IsKeyword("LIMIT") ? "LIMIT is not supported; page with the request's page size instead"
            : null;
        if (problem is not null)
        {
            throw new ListFilterException(problem, Current.Position);
        }
    }

    private ListFilterPredicate ParseOr()
    {
        var operands = new List<ListFilterPredicate> { ParseAnd() };
        while (Current.IsKeyword("OR"))
        {
            Advance();
            operands.Add(ParseAnd());
        }

        return operands.Count == 1 ? operands[0] : new AnyPredicate(operands);
    }

    private ListFilterPredicate ParseAnd()
    {
        var operands = new List<ListFilterPredicate> { ParseNot() };
        while (Current.IsKeyword("AND"))
        {
            Advance();
            operands.Add(ParseNot());
        }

        return operands.Count == 1 ? operands[0] : new AllPredicate(operands);
    }

    private ListFilterPredicate ParseNot()
    {
        if (Current.IsKeyword("NOT"))
        {
            EnterNesting();
            Advance();
            var negation = new NotPredicate(ParseNot());
            nestingDepth--;
            return negation;
        }

        if (Current.IsSymbol("("))
        {
            EnterNesting();
            Advance();
            ListFilterPredicate inner = ParseOr();
            Expect(")");
            nestingDepth--;
            return inner;
        }

        return ParseCondition();
    }

    private void EnterNesting()
    {
        if (++nestingDepth > MaxNestingDepth)
        {
            throw new ListFilterException(
                $"the filter nests parentheses or NOTs more than {MaxNestingDepth} deep", Current.Position);
        }
    }

    private ListFilterPredicate ParseCondition()
    {
        ListFilterAttribute attribute = ParseAttribute();
        if (Current.IsKeyword("IS"))
        {
            return ParseIsNull(attribute);
        }

        if (Current.IsKeyword("NOT"))
        {
            Advance();
            return new NotPredicate(ParseNegatableCondition(attribute, "IN, BETWEEN or STARTS_WITH after NOT"));
        }

        return Current.Kind == ListFilterTokenKind.Symbol
            ? ParseComparison(attribute)
            : ParseNegatableCondition(attribute, "an operator such as =, !=, <, IN, BETWEEN, STARTS_WITH or IS NULL");
    }

    /// <summary>The conditions NOT may prefix: IN, BETWEEN and STARTS_WITH.</summary>
    private ListFilterPredicate ParseNegatableCondition(ListFilterAttribute attribute, string expected)
    {
        if (Current.IsKeyword("IN"))
        {
            return ParseIn(attribute);
        }

        if (Current.IsKeyword("BETWEEN"))
        {
            return ParseBetween(attribute);
        }

        if (Current.IsKeyword("STARTS_WITH"))
        {
            return ParseStartsWith(attribute);
        }

        if (Current.IsKeyword("LIKE") || Current.IsKeyword("REGEXP") || Current.IsKeyword("RLIKE"))
        {
            throw new ListFilterException(
                $"{Current.Text.ToUpperInvariant()} is not supported; use STARTS_WITH for prefix matching", Current.Position);
        }

        throw Unexpected(expected);
    }

    private ListFilterAttribute ParseAttribute()
    {
        ListFilterToken name = Current;
        if (name.Kind is not (ListFilterTokenKind.Word or ListFilterTokenKind.QuotedIdentifier))
        {
            throw Unexpected("a search attribute name");
        }

        RejectFunctionCall();
        Advance();
        return ListFilterAttributeCatalog.Find(name);
    }

    private void RejectFunctionCall()
    {
        if (Current.Kind == ListFilterTokenKind.Word && tokens[index + 1].IsSymbol("("))
        {
            throw new ListFilterException($"functions such as {Current.Text}() are not supported", Current.Position);
        }
    }

    private ComparisonPredicate ParseComparison(ListFilterAttribute attribute)
    {
        ListFilterToken symbol = Current;
        ListFilterComparison comparison = symbol.Text switch
        {
            "=" => ListFilterComparison.Equal,
            "!=" or "<>" => ListFilterComparison.NotEqual,
            "<" => ListFilterComparison.Less,
            "<=" => ListFilterComparison.LessOrEqual,
            ">" => ListFilterComparison.Greater,
            ">=" => ListFilterComparison.GreaterOrEqual,
            _ => throw Unexpected("an operator such as =, !=, <, IN, BETWEEN, STARTS_WITH or IS NULL"),
        };
        if (comparison is not (ListFilterComparison.Equal or ListFilterComparison.NotEqual))
        {
            RequireOrdered(attribute, symbol);
        }

        Advance();
        return new ComparisonPredicate(attribute, comparison, ParseValue(attribute));
    }

    private InPredicate ParseIn(ListFilterAttribute attribute)
    {
        Advance();
        Expect("(");
        var literals = new List<object> { ParseValue(attribute) };
        while (Current.IsSymbol(","))
        {
            Advance();
            literals.Add(ParseValue(attribute));
        }

        Expect(")");
        return new InPredicate(attribute, literals);
    }

    /// <summary>BETWEEN is inclusive at both ends, as in SQL.</summary>
    private AllPredicate ParseBetween(ListFilterAttribute attribute)
    {
        RequireOrdered(attribute, Advance());
        object low = ParseValue(attribute);
        if (!Current.IsKeyword("AND"))
        {
            throw Unexpected("AND between the two bounds of BETWEEN");
        }

        Advance();
        object high = ParseValue(attribute);
        return new AllPredicate(
        [
            new ComparisonPredicate(attribute, ListFilterComparison.GreaterOrEqual, low),
            new ComparisonPredicate(attribute, ListFilterComparison.LessOrEqual, high),
        ]);
    }

    private StartsWithPredicate ParseStartsWith(ListFilterAttribute attribute)
    {
        ListFilterToken keyword = Advance();
        if (attribute is not ListFilterKeywordAttribute keywordAttribute)
        {
            throw new ListFilterException(
                $"STARTS_WITH is not supported for {attribute.Name}; it works on WorkflowId, RunId, WorkflowType and TaskQueue",
                keyword.Position);
        }

        return new StartsWithPredicate(keywordAttribute, (string)ParseValue(attribute));
    }

    private ListFilterPredicate ParseIsNull(ListFilterAttribute attribute)
    {
        Advance();
        bool negated = Current.IsKeyword("NOT");
        if (negated)
        {
            Advance();
        }

        if (!Current.IsKeyword("NULL"))
        {
            throw Unexpected(negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
        }

        Advance();
        var isNull = new IsNullPredicate(attribute);
        return negated ? new NotPredicate(isNull) : isNull;
    }

    private object ParseValue(ListFilterAttribute attribute)
    {
        RejectFunctionCall();
        return attribute.ParseLiteral(Advance());
    }

    private static void RequireOrdered(ListFilterAttribute attribute, ListFilterToken operatorToken)
    {
        if (!attribute.IsOrdered)
        {
            throw new ListFilterException(
                $"{operatorToken.Text.ToUpperInvariant()} is not supported for {attribute.Name}; use =, !=, IN or NOT IN",
                operatorToken.Position);
        }
    }

    private void Expect(string symbol)
    {
        if (!Current.IsSymbol(symbol))
        {
            throw Unexpected($"'{symbol}'");
        }

        Advance();
    }

    private ListFilterException Unexpected(string expected) =>
        new($"expected {expected} but found {Current.Describe()}", Current.Position);
}
