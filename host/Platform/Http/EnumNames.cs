using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelperPlatform.Host.Platform.Http;

/// <summary>Enums speak in words: every JSON body writes them by name, and a refused value is answered with the names.</summary>
public static class EnumNames
{
    /// <summary><c>Requested, Picking, Matching</c>: the words a query or body may use for <paramref name="enumType"/>.</summary>
    public static string Of(Type enumType) => string.Join(", ", Enum.GetNames(enumType));
}

/// <summary>
/// For the HTTP serializer: an enum without a converter of its own is written and read by name, so no response
/// shows a bare number. Enums that choose their own (the camelCase ones of Onboarding) keep it.
/// </summary>
public sealed class EnumNamesJsonConverter : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter ByName = new(namingPolicy: null, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.GetCustomAttribute<JsonConverterAttribute>() is null;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        ByName.CreateConverter(typeToConvert, options);
}
