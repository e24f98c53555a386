using System.Globalization;
using System.Text.RegularExpressions;

namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// A Datetime search attribute (StartTime, CloseTime, ExecutionTime). Like Temporal, it takes either an RFC 3339
/// string or whole Unix nanoseconds.
/// </summary>
internal sealed partial class ListFilterTimeAttribute(string name, Func<ExecutionVisibility, DateTimeOffset?> read)
    : ListFilterAttribute(name)
{
    private const int DotAndSevenDigits = 8;

    public override Temporalio.Api.Enums.V1.IndexedValueType ValueType => Temporalio.Api.Enums.V1.IndexedValueType.Datetime;

    public override bool IsOrdered => true;

    public override int? CompareWith(ExecutionVisibility row, object literal) =>
        read(row)?.CompareTo((DateTimeOffset)literal);

    public override bool IsNull(ExecutionVisibility row) => read(row) is null;

    protected override object ParseString(ListFilterToken token)
    {
        Match match = Rfc3339().Match(token.Text);
        if (match.Success && DateTimeOffset.TryParseExact(
                ToDotNetForm(match), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset time))
        {
            return time;
        }

        throw new ListFilterException(
            $"{Name} needs an RFC 3339 time such as '2026-11-23T10:00:00Z' or '2026-11-23T11:00:00.5+01:00', not '{token.Text}'",
            token.Position);
    }

    protected override object ParseNumber(ListFilterToken token)
    {
        if (!long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long unixNanoseconds))
        {
            throw new ListFilterException(
                $"{Name} as a number must be whole Unix nanoseconds within 64 bits, not {token.Text}", token.Position);
        }

        return DateTimeOffset.UnixEpoch.AddTicks(unixNanoseconds / TimeSpan.NanosecondsPerTick);
    }

    /// <summary>
    /// Rewrites what .NET cannot parse: "Z" as an offset, and fractional digits beyond the seventh, which are finer
    /// than DateTimeOffset's 100 ns ticks (and than any visibility store keeps).
    /// </summary>
    private static string ToDotNetForm(Match match)
    {
        string fraction = match.Groups["fraction"].Value;
        string offset = match.Groups["offset"].Value;
        return match.Groups["seconds"].Value
            + (fraction.Length > DotAndSevenDigits ? fraction[..DotAndSevenDigits] : fraction)
            + (offset == "Z" ? "+00:00" : offset);
    }

    // Go's time.RFC3339Nano, which Temporal parses with: a 'T', up to nine fractional digits, and a mandatory offset.
    [GeneratedRegex(@"^(?<seconds>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]{1,9})?(?<offset>Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex Rfc3339();
}
