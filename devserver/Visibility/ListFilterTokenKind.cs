namespace HelperPlatform.DevServer.Visibility;

internal enum ListFilterTokenKind
{
    /// <summary>A bare word: a search attribute name or a keyword such as AND, IN or STARTS_WITH.</summary>
    Word,

    /// <summary>A back-quoted search attribute name, which is never read as a keyword.</summary>
    QuotedIdentifier,

    /// <summary>A single- or double-quoted string; the token text is the decoded value.</summary>
    String,

    /// <summary>An unquoted number, kept as written so each attribute decides what it means.</summary>
    Number,

    /// <summary>An operator or punctuation: = != &lt;&gt; &lt; &lt;= &gt; &gt;= ( ) ,</summary>
    Symbol,

    End,
}
