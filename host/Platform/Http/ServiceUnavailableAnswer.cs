using Microsoft.AspNetCore.Http.HttpResults;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// The 503 an endpoint answers itself when it caught a dependency's failure (a placement stored but not started, a
/// quote whose lookup timed out): the same <c>Retry-After</c>, title and <c>unavailable</c> extension as
/// <see cref="InfrastructureUnavailableExceptionHandler"/> gives an uncaught one, with the endpoint's own detail.
/// </summary>
public static class ServiceUnavailableAnswer
{
    public static ProblemHttpResult Problem(HttpResponse response, string service, string detail)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = ((int)InfrastructureUnavailableExceptionHandler.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            detail,
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: $"{service} is unavailable.",
            extensions: new Dictionary<string, object?> { ["unavailable"] = service });
    }
}
