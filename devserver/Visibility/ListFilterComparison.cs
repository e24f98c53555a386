namespace HelperPlatform.DevServer.Visibility;

internal enum ListFilterComparison
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}
