using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// Turns a body the framework could not read (malformed JSON, wrong type, too large) into a ProblemDetails
/// naming the offending field, instead of an empty 400 or a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
            Detail = badRequest.InnerException is JsonException json ? DescribeJsonError(json) : badRequest.Message,
        };
        if (badRequest.InnerException is JsonException { Path: { } path })
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [FieldName(path)] = [DescribeJsonError((JsonException)badRequest.InnerException)] };
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static string DescribeJsonError(JsonException json) =>
        json.Path is null or "$"
            ? "The body is not valid JSON for this endpoint."
            : $"The value of '{FieldName(json.Path)}' is not valid JSON for its type.";

    /// <summary><c>$.contact.email</c> → <c>contact.email</c>, the name a caller sent.</summary>
    private static string FieldName(string jsonPath) => jsonPath.TrimStart('$').TrimStart('.');
}
