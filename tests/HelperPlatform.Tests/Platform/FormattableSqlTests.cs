using HelperPlatform.Activities.Platform.Persistence;

namespace HelperPlatform.Tests.Platform;

public sealed class FormattableSqlTests
{
    [Fact]
    public void Then_RenumbersTheSecondPiecesPlaceholders_KeepsFormatsAndEscapedBraces_AndEveryValue()
    {
        var (orderId, at, status) = (Guid.NewGuid(), new DateTimeOffset(2031, 3, 4, 9, 0, 0, TimeSpan.Zero), "Open");
        FormattableString first = $"UPDATE offers SET answered_at = {at} WHERE order_id = {orderId}";
        FormattableString next = $"AND status = {status} AND data = '{{}}' AND at = {at:O}";

        var joined = first.Then(next);

        Assert.Equal("UPDATE offers SET answered_at = {0} WHERE order_id = {1}\nAND status = {2} AND data = '{{}}' AND at = {3:O}", joined.Format);
        Assert.Equal([at, orderId, status, at], joined.GetArguments());
    }
}
