using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace HelperPlatform.Activities.Platform.Persistence;

/// <summary>Builds one parameterised SQL statement out of pieces written as interpolated strings.</summary>
public static partial class FormattableSql
{
    /// <summary>
    /// <paramref name="first"/> followed by <paramref name="next"/> (on a new line), each piece keeping its values as
    /// parameters: the placeholders of <paramref name="next"/> are renumbered past those of <paramref name="first"/>.
    /// </summary>
    public static FormattableString Then(this FormattableString first, FormattableString next)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(next);
        var offset = first.ArgumentCount;
        var renumbered = Placeholder().Replace(
            next.Format,
            match => match.Groups["index"].Success
                ? "{" + (int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) + offset) + match.Groups["rest"].Value + "}"
                : match.Value);
        return FormattableStringFactory.Create(first.Format + "\n" + renumbered, [.. first.GetArguments(), .. next.GetArguments()]);
    }

    /// <summary>An escaped brace (left as it is) or a placeholder with its index and any alignment or format.</summary>
    [GeneratedRegex(@"\{\{|\}\}|\{(?<index>\d+)(?<rest>[^{}]*)\}")]
    private static partial Regex Placeholder();
}
