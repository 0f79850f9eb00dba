using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kinerja.Engine.Storage;

/// <summary>The one JSON shape of the engine's state, used by every store and by the CLI.</summary>
public static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static string Serialize<T>(T value) =>
        Generated<T>.Info is { } info ? JsonSerializer.Serialize(value, info) : JsonSerializer.Serialize(value, Options);

    /// <summary>Writes JSON as UTF-8, as a database stores it, without a string in between.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value) =>
        Generated<T>.Info is { } info ? JsonSerializer.SerializeToUtf8Bytes(value, info) : JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(string json) =>
        (Generated<T>.Info is { } info ? JsonSerializer.Deserialize(json, info) : JsonSerializer.Deserialize<T>(json, Options))
        ?? throw new JsonException($"The JSON holds no {typeof(T).Name}.");

    /// <summary>Reads JSON given as UTF-8 (as a database holds it), without making a string of it first.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        (Generated<T>.Info is { } info ? JsonSerializer.Deserialize(utf8Json, info) : JsonSerializer.Deserialize<T>(utf8Json, Options))
        ?? throw new JsonException($"The JSON holds no {typeof(T).Name}.");

    public static T Clone<T>(T value) => Deserialize<T>(Serialize(value));

    /// <summary>The compile-time metadata of <typeparamref name="T"/> when it is engine state (<see cref="EngineJsonContext"/>).</summary>
    private static class Generated<T>
    {
        public static readonly JsonTypeInfo<T>? Info = (JsonTypeInfo<T>?)EngineJsonContext.Default.GetTypeInfo(typeof(T));
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
