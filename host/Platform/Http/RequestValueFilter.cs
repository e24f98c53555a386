using System.Collections;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>
/// The one place that refuses, for every endpoint, bound values the platform cannot store or mean: text with
/// control characters (<see cref="RequestText"/>) and enum values without a name, wherever they come from (the
/// route, the query, any depth of the JSON body, inside a definition tree). The endpoint never runs; the answer
/// is a 400 naming each offending field as the caller wrote it (<c>answers[0].choiceIds[1]</c>).
/// </summary>
public static class RequestValueFilter
{
    /// <summary>Types minimal APIs bind from the request or the host, never from the JSON body.</summary>
    private static readonly Type[] NotBodies =
        [typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(ClaimsPrincipal), typeof(Stream), typeof(IFormFile), typeof(IFormFileCollection), typeof(IFormCollection)];

    private delegate void Check(object? value, string field, ValidationErrors errors);

    public static TBuilder RefuseUnreadableValues<TBuilder>(this TBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilterFactory(Create);

    /// <exception cref="InvalidOperationException">An endpoint whose parameters this filter cannot read: an <c>[AsParameters]</c> group, or a body type that contains itself.</exception>
    internal static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var checks = context.MethodInfo.GetParameters()
            .Select(parameter => (Parameter: parameter, Check: CheckOf(parameter, json, services)))
            .Where(pair => pair.Check is not null)
            .Select(pair => (pair.Parameter.Position, Field: BoundName(pair.Parameter), pair.Check!))
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            var errors = new ValidationErrors();
            foreach (var (position, field, check) in checks)
            {
                check(invocation.Arguments[position], field, errors);
            }

            return errors.IsValid ? next(invocation) : ValueTask.FromResult<object?>(errors.ToProblem());
        };
    }

    /// <summary>Route, query and header values are single-line text or enums; any other class not a service is the JSON body.</summary>
    private static Check? CheckOf(ParameterInfo parameter, JsonSerializerOptions json, IServiceProviderIsService services)
    {
        var type = parameter.ParameterType;
        if (parameter.IsDefined(typeof(AsParametersAttribute), inherit: false))
        {
            // Its members are bound one by one (services, the caller, the route); read as a body, it would be walked as one.
            throw new InvalidOperationException(
                $"{parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}: [AsParameters] '{parameter.Name}' cannot be checked for unreadable values; declare its members as parameters.");
        }

        if (type == typeof(string) || (Nullable.GetUnderlyingType(type) ?? type).IsEnum)
        {
            return ValueCheck(type, multiLine: false);
        }

        var isBody = type.IsClass && !NotBodies.Any(special => special.IsAssignableFrom(type)) && !services.IsService(type);
        return isBody ? BodyCheck(json.GetTypeInfo(type), multiLine: false, []) : null;
    }

    /// <summary>The check of a value of <paramref name="type"/>, or null when no value of it can be refused here.</summary>
    private static Check? ValueCheck(Type type, bool multiLine)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(string))
        {
            return (value, field, errors) =>
            {
                if (value is string text && RequestText.Problem(field, text, multiLine) is { } problem)
                {
                    errors.Add(field, problem);
                }
            };
        }

        if (plain.IsEnum)
        {
            return (value, field, errors) =>
            {
                if (value is not null && !Enum.IsDefined(plain, value))
                {
                    errors.Add(field, $"'{value}' is not a valid value of '{field}'; use one of: {EnumNames.Of(plain)}.");
                }
            };
        }

        // A definition tree holds free text: descriptions, questions.
        return plain == typeof(JsonElement) ? (value, field, errors) => CheckTree((JsonElement?)value, field, errors) : null;
    }

    /// <summary>
    /// Walks a body type as the serializer sees it (its fields by their JSON names), so a field is named as the caller
    /// wrote it. <paramref name="enclosing"/> holds the object types on the way down: a body is a tree, and a type that
    /// contains itself would be walked for ever.
    /// </summary>
    private static Check? BodyCheck(JsonTypeInfo info, bool multiLine, IReadOnlyList<Type> enclosing) => info.Kind switch
    {
        JsonTypeInfoKind.Object => ObjectCheck(info, enclosing),
        JsonTypeInfoKind.Enumerable => ItemsCheck(info, multiLine, enclosing),
        _ => ValueCheck(info.Type, multiLine),
    };

    private static Check? ObjectCheck(JsonTypeInfo info, IReadOnlyList<Type> enclosing)
    {
        if (enclosing.Contains(info.Type))
        {
            throw new InvalidOperationException(
                $"The request body type '{string.Join(" → ", enclosing.Append(info.Type).Select(type => type.Name))}' contains itself; a body this filter checks is a tree.");
        }

        IReadOnlyList<Type> path = [.. enclosing, info.Type];
        var properties = info.Properties
            .Where(property => property.Get is not null)
            .Select(property => (property.Name, Get: property.Get!, Check: BodyCheck(info.Options.GetTypeInfo(property.PropertyType), IsMultiLine(property), path)))
            .Where(property => property.Check is not null)
            .ToArray();
        return properties.Length == 0 ? null : (value, field, errors) =>
        {
            if (value is null)
            {
                return;
            }

            foreach (var (name, get, check) in properties)
            {
                check!(get(value), field.Length == 0 ? name : $"{field}.{name}", errors);
            }
        };
    }

    private static Check? ItemsCheck(JsonTypeInfo info, bool multiLine, IReadOnlyList<Type> enclosing)
    {
        var itemCheck = BodyCheck(info.Options.GetTypeInfo(info.ElementType!), multiLine, enclosing);
        return itemCheck is null ? null : (value, field, errors) =>
        {
            var index = 0;
            foreach (var item in (IEnumerable?)value ?? Array.Empty<object>())
            {
                itemCheck(item, $"{field}[{index++}]", errors);
            }
        };
    }

    private static bool IsMultiLine(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(MultiLineTextAttribute), inherit: false) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(MultiLineTextAttribute), inherit: false) == true;

    /// <summary>Names are single-line, values multi-line; a lone UTF-16 surrogate (valid JSON, not text) is refused too.</summary>
    private static void CheckTree(JsonElement? tree, string field, ValidationErrors errors)
    {
        switch (tree?.ValueKind)
        {
            case JsonValueKind.String:
                if (Text(tree.Value, field, errors) is { } text && RequestText.Problem(field, text, multiLine: true) is { } problem)
                {
                    errors.Add(field, problem);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in tree.Value.EnumerateArray())
                {
                    CheckTree(item, $"{field}[{index++}]", errors);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in tree.Value.EnumerateObject())
                {
                    if (PropertyName(property, field, errors) is { } name)
                    {
                        CheckTree(property.Value, $"{field}.{name}", errors);
                    }
                }

                break;
        }
    }

    private static string? Text(JsonElement value, string field, ValidationErrors errors)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            errors.Add(field, $"'{field}' is not valid Unicode text: it holds half of a UTF-16 surrogate pair.");
            return null;
        }
    }

    private static string? PropertyName(JsonProperty property, string field, ValidationErrors errors)
    {
        string name;
        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            errors.Add(field, $"A property name in '{field}' is not valid Unicode text: it holds half of a UTF-16 surrogate pair.");
            return null;
        }

        if (RequestText.Problem($"{field}.{name}", name, multiLine: false) is not null)
        {
            errors.Add(field, $"Property names in '{field}' must not contain control characters; '{name.ReplaceLineEndings(" ")}' has one.");
            return null;
        }

        return name;
    }

    /// <summary>The name the caller uses: the query or route key when the endpoint renames the parameter.</summary>
    private static string BoundName(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
        ?? parameter.GetCustomAttributes().OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
        ?? (parameter.ParameterType.IsClass && parameter.ParameterType != typeof(string) ? string.Empty : parameter.Name!);
}
