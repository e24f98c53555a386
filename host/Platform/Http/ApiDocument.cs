using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// The OpenAPI document as a client generator and a person need it: the bearer scheme and which operations need a
/// token, and the ProblemDetails answers every operation can give besides those its handler's result types declare.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer(AddBearerSchemeAsync);
            options.AddOperationTransformer(DescribeProblemAnswersAsync);
        });

    /// <summary>Shows <paramref name="example"/> as the JSON body's example, which the API reference fills in.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, Func<JsonNode> example)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
            {
                json.Example = example();
            }

            return Task.CompletedTask;
        });

    private static Task AddBearerSchemeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.AddComponent<IOpenApiSecurityScheme>(BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The accessToken that POST /api/auth/login answers; it lasts an hour, POST /api/auth/refresh renews it.",
        });
        return Task.CompletedTask;
    }

    private static async Task DescribeProblemAnswersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
        {
            await AddProblemAsync<HttpValidationProblemDetails>(operation, context, StatusCodes.Status400BadRequest,
                "The input is malformed or invalid; errors names each field and what to send instead.", cancellationToken);
        }

        if (operation.Parameters?.Any(parameter => parameter.In == ParameterLocation.Path) == true)
        {
            await AddProblemAsync<ProblemDetails>(operation, context, StatusCodes.Status404NotFound,
                "Nothing exists under the identifiers in the path.", cancellationToken);
        }

        // The fallback policy closes every endpoint that does not allow anonymous callers (IdentitySetup).
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        await AddProblemAsync<ProblemDetails>(operation, context, StatusCodes.Status401Unauthorized,
            "No valid bearer token: log in with POST /api/auth/login and send its accessToken.", cancellationToken);
        await AddProblemAsync<ProblemDetails>(operation, context, StatusCodes.Status403Forbidden,
            "The token's role may not call this operation; the answer names the roles that may.", cancellationToken);
    }

    /// <summary>Adds the answer unless the handler's result types already describe it.</summary>
    private static async Task AddProblemAsync<TProblem>(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = await SchemaReferenceAsync<TProblem>(context, cancellationToken) },
            },
        };
    }

    private static async Task<IOpenApiSchema> SchemaReferenceAsync<T>(OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var name = typeof(T).Name;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken));
        }

        return new OpenApiSchemaReference(name, document);
    }
}
