using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HelperPlatform.Tests.Platform;

/// <summary>A route or query parameter of an operation, as the OpenAPI document describes it.</summary>
/// <param name="Kind">The JSON type of its schema without <c>null</c>: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>.</param>
/// <param name="Format">e.g. <c>uuid</c>, <c>int32</c>.</param>
/// <param name="EnumValues">The allowed words when the schema is an enum.</param>
public sealed record ApiParameter(string Name, bool InPath, string Kind, string? Format, IReadOnlyList<string> EnumValues);

/// <summary>One operation of the OpenAPI document: method, path template, parameters and a sample JSON body when it takes one.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, bool TakesJson, JsonNode? SampleBody)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// One request of the sweep. <paramref name="Field"/> names the body field or query parameter the variant breaks,
/// when it breaks one (a 400 must then name it).
/// </summary>
public sealed record BadInput(string Method, string Url, byte[]? Body, string? ContentType, string Variant, string? Field)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            request.Content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return request;
    }

    public override string ToString()
    {
        var body = Body is null ? string.Empty : $" [{ContentType ?? "no content type"}] {Shorten(Encoding.UTF8.GetString(Body))}";
        return $"{Method} {Shorten(Url)} ({Variant}){body}";
    }

    private static string Shorten(string text) =>
        (text.Length <= 160 ? text : $"{text[..120]}…({text.Length} chars)…{text[^30..]}").Replace("\0", "\\0", StringComparison.Ordinal);
}

/// <summary>What exists before the sweep, so well-formed parts of a request reach past the lookups into the endpoint's work.</summary>
/// <param name="DefinitionCode">A test set and a service type draft with this code exist.</param>
/// <param name="ServiceType">A published service type.</param>
/// <param name="OrderId">An order of the sweep's client, placed with <paramref name="QuoteId"/>.</param>
/// <param name="WorkerId">A worker in the pool: the sweep's worker.</param>
public sealed record SweepWorld(string DefinitionCode, string ServiceType, Guid OrderId, Guid QuoteId, string WorkerId);

/// <summary>
/// Reads the operations of an OpenAPI document and makes the malformed variants of each: broken and mistyped
/// JSON, missing fields, huge strings, control characters, extreme numbers, unknown enum words, bad ids in
/// the path and the body, wrong content types and broken multipart bodies.
/// </summary>
public sealed class BadInputCases(SweepWorld world)
{
    private const string RawPlaceholder = "\"__sweep_raw_json__\"";
    private const string SampleDefinition = """
        {"properties":{"description":"sweep"},"sequence":[{"id":"arrive","componentType":"task","type":"checkIn","name":"Arrive","properties":{"radiusMeters":200}}]}
        """;

    private static readonly string HugeText = new('x', 100_000);

    public List<ApiOperation> ReadOperations(JsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var components = document.RootElement.GetProperty("components").GetProperty("schemas");
        var operations = new List<ApiOperation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(parameter => ReadParameter(parameter, components)).ToList()
                    : [];
                JsonElement? bodySchema = operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").TryGetProperty("application/json", out var json)
                    ? Resolve(json.GetProperty("schema"), components)
                    : null;
                operations.Add(new ApiOperation(
                    operation.Name.ToUpperInvariant(), path.Name, parameters, bodySchema is not null,
                    bodySchema is { } schema ? Sample(schema, "body", components) : null));
            }
        }

        return operations;
    }

    /// <summary>Every malformed variant of <paramref name="operation"/>; <paramref name="serial"/> keeps created names apart.</summary>
    public IEnumerable<BadInput> For(ApiOperation operation, Func<int> serial)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(serial);
        var url = BaselineUrl(operation);
        foreach (var parameter in operation.Parameters)
        {
            foreach (var (value, variant) in parameter.InPath ? PathValues(parameter) : QueryValues(parameter))
            {
                var broken = parameter.InPath
                    ? BaselineUrl(operation, parameter.Name, value)
                    : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{parameter.Name}={value}";
                yield return WithBaselineBody(operation, broken, $"{parameter.Name}: {variant}", parameter.InPath ? null : parameter.Name, serial);
            }
        }

        if (operation.Method is "GET" or "DELETE")
        {
            yield break;
        }

        foreach (var (body, contentType, variant) in BrokenBodies())
        {
            yield return new BadInput(operation.Method, url, body, contentType, variant, null);
        }

        if (operation.SampleBody is not { } sample)
        {
            yield break;
        }

        foreach (var (path, node) in Fields(sample, []))
        {
            foreach (var (json, variant) in FieldVariants(sample, path, node, serial))
            {
                yield return new BadInput(operation.Method, url, Encoding.UTF8.GetBytes(json), "application/json", $"{FieldName(path)}: {variant}", FieldName(path));
            }
        }

        var wellFormed = Encoding.UTF8.GetBytes(Fresh(sample, serial()).ToJsonString());
        yield return new BadInput(operation.Method, url, wellFormed, "text/plain", "JSON sent as text/plain", null);
        yield return new BadInput(operation.Method, url, wellFormed, "application/xml", "JSON sent as application/xml", null);
        yield return new BadInput(operation.Method, url, wellFormed, null, "JSON without a content type", null);
        yield return new BadInput(operation.Method, url, wellFormed, "application/json; charset=utf-16", "JSON declared as UTF-16", null);
    }

    /// <summary>The operation's well-formed request: the same as the variants, with nothing broken.</summary>
    public BadInput Baseline(ApiOperation operation, Func<int> serial)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return WithBaselineBody(operation, BaselineUrl(operation), "baseline", null, serial);
    }

    private static BadInput WithBaselineBody(ApiOperation operation, string url, string variant, string? field, Func<int> serial) =>
        operation.SampleBody is { } sample
            ? new BadInput(operation.Method, url, Encoding.UTF8.GetBytes(Fresh(sample, serial()).ToJsonString()), "application/json", variant, field)
            : new BadInput(operation.Method, url, operation.Method is "GET" or "DELETE" ? null : [], null, variant, field);

    private string BaselineUrl(ApiOperation operation, string? brokenName = null, string? brokenValue = null)
    {
        var url = operation.Path;
        foreach (var parameter in operation.Parameters.Where(parameter => parameter.InPath))
        {
            var value = parameter.Name == brokenName ? brokenValue! : SamplePathValue(operation.Path, parameter);
            url = url.Replace($"{{{parameter.Name}}}", value, StringComparison.Ordinal);
        }

        return url;
    }

    /// <summary>The sweep's order wherever a route names an order, the existing definitions' code; unknown ids elsewhere.</summary>
    private string SamplePathValue(string path, ApiParameter parameter) => parameter switch
    {
        { Format: "uuid" } when path.StartsWith("/api/orders/", StringComparison.Ordinal) || parameter.Name == "orderId" => world.OrderId.ToString(),
        { Format: "uuid" } when path.StartsWith("/api/quotes/", StringComparison.Ordinal) => world.QuoteId.ToString(),
        { Format: "uuid" } => Guid.NewGuid().ToString(),
        { Kind: "integer" } => "1",
        { Name: "code" } => world.DefinitionCode,
        _ => "sweep",
    };

    /// <summary>Percent-encoded values that are wrong in a route as in a query.</summary>
    private static readonly (string Value, string Variant)[] UrlValues =
    [
        ("%00", "NUL"),
        ("a%00b", "NUL inside"),
        ("a%01b", "control character"),
        ("a%0Ab", "line break"),
        ("%FF%FE", "invalid UTF-8"),
        ("%E2%80%AE", "right-to-left override"),
        ("-1", "negative number"),
        ("2147483648", "beyond int32"),
        ("99999999999999999999", "huge number"),
        ("not-an-id", "not an id"),
        ("00000000-0000-0000-0000-000000000000", "empty GUID"),
    ];

    private static IEnumerable<(string Value, string Variant)> PathValues(ApiParameter parameter) =>
        [
            .. UrlValues,
            (new string('a', 4000), "4,000 characters"),
            .. parameter.Format == "uuid" ? [(Guid.NewGuid().ToString(), "unknown id")] : Array.Empty<(string, string)>(),
        ];

    private static IEnumerable<(string Value, string Variant)> QueryValues(ApiParameter parameter) =>
        [
            .. UrlValues,
            (string.Empty, "empty"),
            (new string('a', 2000), "2,000 characters"),
            (HugeText, "100,000 characters"),
            ("1e400", "number beyond double"),
            ("NaN", "NaN"),
            ($"x&{parameter.Name}=y", "given twice"),
            .. parameter.EnumValues.Count == 0 ? Array.Empty<(string, string)>() :
            [
                ("7", "enum as its number"),
                (parameter.EnumValues[0].ToUpperInvariant(), "enum in capitals"),
                ($"{parameter.EnumValues[0]},{parameter.EnumValues[^1]}", "two enum words"),
            ],
        ];

    private static IEnumerable<(byte[] Body, string? ContentType, string Variant)> BrokenBodies()
    {
        foreach (var (text, variant) in new[]
        {
            (string.Empty, "empty body"),
            ("{", "unclosed object"),
            ("{\"a\":", "truncated JSON"),
            ("[", "unclosed array"),
            ("nul", "broken literal"),
            ("{}}", "trailing brace"),
            ("{\"a\":1,}", "trailing comma"),
            ("{'a':1}", "single quotes"),
            ("null", "null body"),
            ("[]", "array body"),
            ("1", "number body"),
            ("\"\\u0000\"", "NUL string body"),
            ("{}", "empty object"),
            (string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)), "100 levels deep"),
            ("{\"a\":\"\\ud800\"}", "lone surrogate"),
        })
        {
            yield return (Encoding.UTF8.GetBytes(text), "application/json", variant);
        }

        yield return ([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D], "application/json", "invalid UTF-8");
        yield return ("{\"a\":1}"u8.ToArray(), "application/x-www-form-urlencoded", "form content type");
        foreach (var (body, contentType, variant) in BrokenMultipart())
        {
            yield return (body, contentType, variant);
        }
    }

    /// <summary>Multipart bodies the form reader cannot take, and one well-formed one whose file is no image.</summary>
    private static IEnumerable<(byte[] Body, string ContentType, string Variant)> BrokenMultipart()
    {
        const string boundary = "sweep-boundary";
        var part = $"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nnot an image\r\n";
        yield return (Encoding.UTF8.GetBytes(part + $"--{boundary}--\r\n"), "multipart/form-data", "multipart without a boundary");
        var longBoundary = new string('b', 129);
        yield return (Encoding.UTF8.GetBytes(part.Replace(boundary, longBoundary, StringComparison.Ordinal) + $"--{longBoundary}--\r\n"),
            $"multipart/form-data; boundary={longBoundary}", "multipart boundary over 128");
        yield return (Encoding.UTF8.GetBytes(part[..(part.Length / 2)]), $"multipart/form-data; boundary={boundary}", "truncated multipart");
        yield return (Encoding.UTF8.GetBytes(part), $"multipart/form-data; boundary={boundary}", "multipart without its closing boundary");
        var hugeHeader = $"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"{new string('h', 20_000)}\"\r\n\r\nx\r\n--{boundary}--\r\n";
        yield return (Encoding.UTF8.GetBytes(hugeHeader), $"multipart/form-data; boundary={boundary}", "multipart header over the limit");
        var invalidHeader = $"--{boundary}\r\nthis is no header line\r\n\r\nx\r\n--{boundary}--\r\n";
        yield return (Encoding.UTF8.GetBytes(invalidHeader), $"multipart/form-data; boundary={boundary}", "multipart invalid header line");
        yield return (Encoding.UTF8.GetBytes(part + $"--{boundary}--\r\n"), $"multipart/form-data; boundary={boundary}", "multipart file that is no image");
        yield return (Encoding.UTF8.GetBytes($"--{boundary}--\r\n"), $"multipart/form-data; boundary={boundary}", "multipart without files");
    }

    private static IEnumerable<(string Json, string Variant)> FieldVariants(JsonNode sample, IReadOnlyList<object> path, JsonNode? node, Func<int> serial)
    {
        var kind = node?.GetValueKind();
        yield return (Without(sample, path, serial()), "missing");
        yield return (With(sample, path, "null", serial()), "null");
        foreach (var (raw, variant) in kind switch
        {
            JsonValueKind.String => StringVariants(),
            JsonValueKind.Number => NumberVariants(),
            JsonValueKind.True or JsonValueKind.False => [("\"yes\"", "string for a boolean"), ("1", "number for a boolean")],
            JsonValueKind.Array => [("{}", "object for an array"), ("\"x\"", "string for an array"), ("[null]", "null item"), (ManyItems(), "1,001 items")],
            JsonValueKind.Object => [("[]", "array for an object"), ("\"x\"", "string for an object"), ("{}", "empty object"), (DeepObject(), "70 levels deep")],
            _ => [],
        })
        {
            yield return (With(sample, path, raw, serial()), variant);
        }
    }

    private static IEnumerable<(string Raw, string Variant)> StringVariants()
    {
        yield return ("12345", "number for a string");
        yield return ("true", "boolean for a string");
        yield return ("{}", "object for a string");
        yield return ("[]", "array for a string");
        yield return ("\"\"", "empty string");
        yield return ("\"   \"", "blank string");
        yield return (JsonSerializer.Serialize(HugeText), "100,000 characters");
        yield return ("\"a\\u0000b\"", "NUL");
        yield return ("\"\\u0000\"", "only NUL");
        yield return ("\"a\\u0001b\"", "control character U+0001");
        yield return ("\"a\\u001b[31mb\"", "escape sequence");
        yield return ("\"a\\u007fb\"", "DEL");
        yield return ("\"a\\u0085b\"", "C1 control U+0085");
        yield return ("\"a\\nb\"", "line break");
        yield return ("\"a\\tb\"", "tab");
        yield return ("\"a\\ud800b\"", "lone surrogate");
        yield return ("\"a\\u202eb\"", "right-to-left override");
        yield return ("\"not-a-value\"", "unknown word");
        yield return ("\"00000000-0000-0000-0000-000000000000\"", "empty GUID");
        yield return ("\"not-an-id\"", "not an id");
    }

    private static IEnumerable<(string Raw, string Variant)> NumberVariants()
    {
        yield return ("\"abc\"", "string for a number");
        yield return ("\"12\"", "number in a string");
        yield return ("true", "boolean for a number");
        yield return ("-1", "negative");
        yield return ("0", "zero");
        yield return ("1.5", "fraction");
        yield return ("2147483648", "beyond int32");
        yield return ("-2147483649", "below int32");
        yield return ("9223372036854775808", "beyond int64");
        yield return ("1e308", "huge");
        yield return ("-1e308", "hugely negative");
        yield return ("1e400", "beyond double");
        yield return ("1e-400", "below double precision");
    }

    private static string ManyItems() => $"[{string.Join(',', Enumerable.Repeat("\"x\"", 1001))}]";

    private static string DeepObject() => string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70);

    private static ApiParameter ReadParameter(JsonElement parameter, JsonElement components)
    {
        var schema = Resolve(parameter.GetProperty("schema"), components);
        var values = schema.TryGetProperty("enum", out var words) ? words.EnumerateArray().Select(word => word.ToString()).ToList() : [];
        return new ApiParameter(
            parameter.GetProperty("name").GetString()!,
            parameter.GetProperty("in").GetString() == "path",
            values.Count > 0 ? "string" : Kind(schema),
            schema.TryGetProperty("format", out var format) ? format.GetString() : null,
            values);
    }

    /// <summary>A well-formed value for <paramref name="schema"/>, picked by the field's name where its type says too little.</summary>
    private JsonNode? Sample(JsonElement schema, string name, JsonElement components)
    {
        if (schema.TryGetProperty("enum", out var words))
        {
            return JsonValue.Create(words[0].ToString());
        }

        return Kind(schema) switch
        {
            "object" or "" when name == "definition" => JsonNode.Parse(SampleDefinition),
            "object" when schema.TryGetProperty("properties", out var properties) => new JsonObject(properties.EnumerateObject()
                .Select(property => KeyValuePair.Create(property.Name, Sample(Resolve(property.Value, components), property.Name, components)))),
            "object" or "" => new JsonObject(),
            "array" => new JsonArray(Sample(Resolve(schema.GetProperty("items"), components), name, components)),
            "boolean" => JsonValue.Create(true),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(name == "longitude" ? 13.4 : 52.5),
            _ when schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" => JsonValue.Create(name == "quoteId" ? world.QuoteId : Guid.NewGuid()),
            _ when schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" && SampleText(name) == "sweep" =>
                JsonValue.Create(DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:00:00Z", CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(SampleText(name)),
        };
    }

    private string SampleText(string name) => name switch
    {
        "serviceType" => world.ServiceType,
        "workerId" => world.WorkerId,
        "email" => "sweep@example.test",
        "password" => "Sweep-password-1!",
        "phone" => "+4915112345678",
        "role" => "manager",
        "code" or "skill" => "sweep-code",
        "windowStart" => DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-ddTHH:00:00Z", CultureInfo.InvariantCulture),
        "windowEnd" => DateTimeOffset.UtcNow.AddDays(2).AddHours(2).ToString("yyyy-MM-ddTHH:00:00Z", CultureInfo.InvariantCulture),
        _ => "sweep",
    };

    /// <summary>The sample with names that must be unique (emails, codes) made unique by <paramref name="serial"/>.</summary>
    private static JsonNode Fresh(JsonNode sample, int serial)
    {
        var copy = sample.DeepClone();
        if (copy is JsonObject body)
        {
            foreach (var (name, value) in body.ToList())
            {
                if (value?.GetValueKind() == JsonValueKind.String && name is "email" or "code")
                {
                    body[name] = name == "email" ? $"sweep-{serial}@example.test" : $"sweep-{serial}";
                }
            }
        }

        return copy;
    }

    private static string With(JsonNode sample, IReadOnlyList<object> path, string rawJson, int serial)
    {
        var copy = Fresh(sample, serial);
        var placeholder = JsonValue.Create("__sweep_raw_json__");
        switch (Parent(copy, path))
        {
            case JsonObject parent:
                parent[(string)path[^1]] = placeholder;
                break;
            case JsonArray parent:
                parent[(int)path[^1]] = placeholder;
                break;
        }

        return copy.ToJsonString().Replace(RawPlaceholder, rawJson, StringComparison.Ordinal);
    }

    private static string Without(JsonNode sample, IReadOnlyList<object> path, int serial)
    {
        var copy = Fresh(sample, serial);
        switch (Parent(copy, path))
        {
            case JsonObject parent:
                parent.Remove((string)path[^1]);
                break;
            case JsonArray parent:
                parent.RemoveAt((int)path[^1]);
                break;
        }

        return copy.ToJsonString();
    }

    private static JsonNode Parent(JsonNode root, IReadOnlyList<object> path) =>
        path.SkipLast(1).Aggregate(root, (node, segment) => segment is int index ? node[index]! : node[(string)segment]!);

    /// <summary>Every field of the body, nested ones included, with its path.</summary>
    private static IEnumerable<(IReadOnlyList<object> Path, JsonNode? Node)> Fields(JsonNode node, IReadOnlyList<object> path)
    {
        IEnumerable<(object Segment, JsonNode? Child)> children = node switch
        {
            JsonObject body => body.Select(property => ((object)property.Key, property.Value)),
            JsonArray items => items.Select((item, index) => ((object)index, item)),
            _ => [],
        };
        foreach (var (segment, child) in children)
        {
            IReadOnlyList<object> childPath = [.. path, segment];
            yield return (childPath, child);
            if (child is not null)
            {
                foreach (var nested in Fields(child, childPath))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary><c>answers[0].questionId</c>: the name a ProblemDetails gives the field.</summary>
    private static string FieldName(IReadOnlyList<object> path) =>
        string.Concat(path.Select((segment, index) => segment is int item ? $"[{item}]" : index == 0 ? (string)segment : $".{segment}"));

    private static JsonElement Resolve(JsonElement schema, JsonElement components)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Resolve(components.GetProperty(reference.GetString()!.Split('/')[^1]), components);
        }

        if (schema.TryGetProperty("oneOf", out var choices))
        {
            return Resolve(choices.EnumerateArray().First(choice => !(choice.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null")), components);
        }

        return schema;
    }

    /// <summary>The schema's type without <c>null</c>; a number also allowed as a string counts as a number.</summary>
    private static string Kind(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return string.Empty;
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(item => item.GetString()!).ToList() : [type.GetString()!];
        types.Remove("null");
        return types.FirstOrDefault(kind => kind is "integer" or "number") ?? types.FirstOrDefault() ?? string.Empty;
    }
}
