namespace HelperPlatform.DevServer.Visibility;

/// <summary>
/// A list filter the dev server cannot evaluate. The message is written for the person who typed the filter,
/// because the server hands it back verbatim as gRPC INVALID_ARGUMENT.
/// </summary>
internal sealed class ListFilterException : Exception
{
    public ListFilterException(string problem, int position)
        : base($"Invalid list filter at position {position}: {problem}.")
    {
        Position = position;
    }

    /// <summary>The 1-based character position in the filter where the problem starts.</summary>
    public int Position { get; }
}
