using System.Text;

namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// Splits a list filter into tokens following the rules of the MySQL-dialect tokenizer Temporal parses filters
/// with (github.com/temporalio/sqlparser), restricted to what a list filter can contain.
/// </summary>
internal sealed class ListFilterLexer
{
    // Longest first, so that "<=" is not read as "<" followed by "=".
    private static readonly string[] Symbols = ["!=", "<>", "<=", ">=", "=", "<", ">", "(", ")", ","];

    private readonly string text;
    private int index;

    private ListFilterLexer(string text) => this.text = text;

    public static List<ListFilterToken> Tokenize(string text)
    {
        var lexer = new ListFilterLexer(text);
        var tokens = new List<ListFilterToken>();
        ListFilterToken token;
        do
        {
            token = lexer.ReadToken();
            tokens.Add(token);
        }
        while (token.Kind != ListFilterTokenKind.End);
        return tokens;
    }

    private int Position => index + 1;

    private ListFilterToken ReadToken()
    {
        while (index < text.Length && text[index] is ' ' or '\t' or '\r' or '\n')
        {
            index++;
        }

        if (index == text.Length)
        {
            return new ListFilterToken(ListFilterTokenKind.End, string.Empty, Position);
        }

        char first = text[index];
        return first switch
        {
            '\'' or '"' => ReadString(first),
            '`' => ReadQuotedIdentifier(),
            _ when char.IsAsciiDigit(first) => ReadNumber(),
            _ when IsWordCharacter(first) => ReadWord(),
            _ => ReadSymbol(),
        };
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private ListFilterToken ReadWord()
    {
        int start = index;
        while (index < text.Length && IsWordCharacter(text[index]))
        {
            index++;
        }

        return new ListFilterToken(ListFilterTokenKind.Word, text[start..index], start + 1);
    }

    private ListFilterToken ReadNumber()
    {
        int start = index;
        SkipDigits();
        if (index < text.Length && text[index] == '.')
        {
            index++;
            SkipDigits();
        }

        if (index < text.Length && text[index] is 'e' or 'E')
        {
            index++;
            if (index < text.Length && text[index] is '+' or '-')
            {
                index++;
            }

            SkipDigits();
        }

        if (index < text.Length && IsWordCharacter(text[index]))
        {
            throw new ListFilterException($"'{text[start..(index + 1)]}' is not a number; quote it if it is a string", start + 1);
        }

        return new ListFilterToken(ListFilterTokenKind.Number, text[start..index], start + 1);
    }

    private void SkipDigits()
    {
        while (index < text.Length && char.IsAsciiDigit(text[index]))
        {
            index++;
        }
    }

    /// <summary>
    /// Reads a string the way SQL and Temporal do: a doubled quote stands for one quote, and a backslash starts a
    /// MySQL escape (\n, \t, \0, ...), any other escaped character standing for itself (\' \" \\).
    /// </summary>
    private ListFilterToken ReadString(char quote)
    {
        int start = index++;
        var value = new StringBuilder();
        while (true)
        {
            if (index == text.Length)
            {
                throw new ListFilterException($"the string starting here has no closing {quote}", start + 1);
            }

            char c = text[index++];
            if (c == quote && (index == text.Length || text[index] != quote))
            {
                return new ListFilterToken(ListFilterTokenKind.String, value.ToString(), start + 1);
            }

            if (c == quote)
            {
                index++;
            }
            else if (c == '\\' && index < text.Length)
            {
                c = Unescape(text[index++]);
            }

            value.Append(c);
        }
    }

    private static char Unescape(char escaped) => escaped switch
    {
        '0' => '\0',
        'b' => '\b',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'Z' => '\u001A',
        _ => escaped,
    };

    /// <summary>Reads a back-quoted name (`WorkflowId`), which Temporal accepts wherever a name is expected.</summary>
    private ListFilterToken ReadQuotedIdentifier()
    {
        int start = index++;
        var name = new StringBuilder();
        while (true)
        {
            if (index == text.Length)
            {
                throw new ListFilterException("the name starting here has no closing `", start + 1);
            }

            char c = text[index++];
            if (c == '`' && (index == text.Length || text[index] != '`'))
            {
                break;
            }

            if (c == '`')
            {
                index++;
            }

            name.Append(c);
        }

        if (name.Length == 0)
        {
            throw new ListFilterException("`` is an empty name", start + 1);
        }

        return new ListFilterToken(ListFilterTokenKind.QuotedIdentifier, name.ToString(), start + 1);
    }

    private ListFilterToken ReadSymbol()
    {
        int start = index;
        foreach (string symbol in Symbols)
        {
            if (string.CompareOrdinal(text, index, symbol, 0, symbol.Length) == 0)
            {
                index += symbol.Length;
                return new ListFilterToken(ListFilterTokenKind.Symbol, symbol, start + 1);
            }
        }

        throw new ListFilterException($"unexpected character '{text[index]}'", Position);
    }
}
