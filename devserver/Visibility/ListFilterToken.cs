namespace HelperPlatform.DevServer.Visibility;

/// <summary>One token of a list filter; <see cref="Position"/> is 1-based, as error messages report it.</summary>
internal sealed record ListFilterToken(ListFilterTokenKind Kind, string Text, int Position)
{
    /// <summary>Keywords are case-insensitive, as in SQL; attribute names are not.</summary>
    public bool IsKeyword(string keyword) =>
        Kind == ListFilterTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == ListFilterTokenKind.Symbol && Text == symbol;

    /// <summary>How the token is named in an error message.</summary>
    public string Describe() => Kind == ListFilterTokenKind.End ? "the end of the filter" : $"'{Text}'";
}
