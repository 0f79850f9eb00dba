using System.Text.Json;
using System.Text.Json.Serialization;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Messages;
using Kinerja.Engine.Tasks;
using Kinerja.Engine.Timers;

namespace Kinerja.Engine.Storage;

/// <summary>
/// Compile-time JSON metadata for the state every command reads and writes (instances, tasks, outbox), in the
/// same shape as <see cref="EngineJson.Options"/>: camelCase, nulls left out, enums as names. Serializing
/// through it writes straight from generated code instead of reflection-built accessors.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProcessInstance))]
[JsonSerializable(typeof(HumanTask))]
[JsonSerializable(typeof(MessageSubscription))]
[JsonSerializable(typeof(ScheduledTimer))]
[JsonSerializable(typeof(List<OutboxMessage>))]
[JsonSerializable(typeof(IReadOnlyList<OutboxMessage>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
