using System.Buffers;
using System.Text;
using System.Text.Json;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.History;

/// <summary>
/// The detail of a <see cref="HistoryKind.TaskCreated"/> entry: whom the task went to and when it is due, as JSON with the
/// property names it has always had (<c>{"Assignee":…,"CandidateGroups":[…],"DueAt":…,"FollowUpAt":…}</c>). Written
/// field by field: serialising an anonymous object went through reflection on every task created, about a quarter of
/// creating one (docs/benchmarks.md, session 19).
/// </summary>
internal static class TaskCreatedDetail
{
    public static string Of(HumanTask task)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Assignee", task.Assignee);
            json.WriteStartArray("CandidateGroups");
            foreach (var group in task.CandidateGroups)
            {
                json.WriteStringValue(group);
            }

            json.WriteEndArray();
            WriteInstant(json, "DueAt", task.DueAt);
            WriteInstant(json, "FollowUpAt", task.FollowUpAt);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
