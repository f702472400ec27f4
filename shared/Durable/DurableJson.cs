using System.Text.Json;

namespace Serverless.Durable;

/// <summary>How inputs, outputs and event payloads are serialised (web defaults: camelCase, case-insensitive reads).</summary>
public static class DurableJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
