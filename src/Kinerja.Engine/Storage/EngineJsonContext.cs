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
/// through it writes straight from generated code instead of reflection-built accessors. The state types
/// have plain setters, no <c>init</c> or <c>required</c> members: for those the generated reader gathers a
/// whole object's values as constructor arguments first, which made reading an instance take 8 µs instead
/// of 4.8 (docs/benchmarks.md, session 10).
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
