namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// Marks a body field of free text written over several lines (a note, a reason), where tabs and line breaks
/// are welcome; every other text field is a single line.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultiLineTextAttribute : Attribute;

/// <summary>
/// What text the API takes: no control characters (U+0000–U+001F, U+007F–U+009F). PostgreSQL refuses NUL
/// outright, and the others have no place in a name, an address or an id, where they only hide or garble text.
/// Multi-line text (<see cref="MultiLineTextAttribute"/>, the values inside definition trees) may hold tabs and
/// line breaks.
/// </summary>
public static class RequestText
{
    /// <returns>Why <paramref name="value"/> is refused, or null when it is fine.</returns>
    public static string? Problem(string field, string value, bool multiLine)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var index = 0; index < value.Length; index++)
        {
            var character = value[index];
            if (char.IsControl(character) && !(multiLine && character is '\t' or '\r' or '\n'))
            {
                var allowed = multiLine ? "other than tabs and line breaks" : "(tabs and line breaks included)";
                return $"'{field}' must not contain control characters {allowed}; character {index + 1} is U+{(int)character:X4}.";
            }
        }

        return null;
    }
}
