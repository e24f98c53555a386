using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a body or query value of the wrong type, too
/// large) into a ProblemDetails naming the offending field, instead of an empty 400 or a 500.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
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
        else if (UnboundParameter().Match(badRequest.Message) is { Success: true } unbound)
        {
            // Minimal APIs name the parameter only in the message (e.g. "int? limit" from "many").
            var name = unbound.Groups["name"].Value;
            var message = $"'{unbound.Groups["value"].Value}' is not a valid value of '{name}'";
            problem.Extensions["errors"] = new Dictionary<string, string[]>
            {
                [name] = [EnumParameter(httpContext, name) is { } enumType ? $"{message}; use one of: {EnumNames.Of(enumType)}." : $"{message}."],
            };
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>The enum type of the endpoint's parameter <paramref name="name"/>, or null when it is no enum.</summary>
    private static Type? EnumParameter(HttpContext httpContext, string name)
    {
        // The exception handler has taken the endpoint off the context; its feature keeps it.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var type = endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .FirstOrDefault(parameter => parameter.Name == name)?.ParameterType;
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type is { IsEnum: true } ? type : null;
    }

    private static string DescribeJsonError(JsonException json) =>
        json.Path is null or "$"
            ? "The body is not valid JSON for this endpoint."
            : $"The value of '{FieldName(json.Path)}' is not valid JSON for its type.";

    /// <summary>The message of a route, query or header value that did not convert to its parameter's type.</summary>
    [GeneratedRegex("""^Failed to bind parameter "[^"]* (?<name>[^" ]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex UnboundParameter();

    /// <summary><c>$.contact.email</c> → <c>contact.email</c>, the name a caller sent.</summary>
    private static string FieldName(string jsonPath) => jsonPath.TrimStart('$').TrimStart('.');
}
