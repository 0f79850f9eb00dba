using System.Text.Json;
using Kinerja.Engine.History;
using Kinerja.Engine.Tasks;

namespace Kinerja.Engine.Tests.Execution;

/// <summary>
/// A task's "created" history entry keeps the JSON it had when it was serialised from an anonymous object, byte for byte
/// (reports and the instance page read it).
/// </summary>
public sealed class TaskCreatedDetailTests
{
    public static TheoryData<string?, string[], string?, string?> Tasks => new()
    {
        { "kabag.organisasi", [], "2026-12-07T09:00:00+08:00", "2026-12-07T08:12:00+08:00" },
        { null, ["kasubbag-kinerja-rb", "skpd-dinas-pendidikan"], "2026-12-09T16:30:00.1234567+08:00", null },
        { "petugas \"<ü>\" & co", ["grup/é"], null, null },
        { null, [], "2026-12-07T01:00:00+00:00", "2026-12-06T23:59:59.999+00:00" },
    };

    [Theory]
    [MemberData(nameof(Tasks))]
    public void TheDetail_IsWhatSerialisingTheAnonymousObjectGave(string? assignee, string[] groups, string? due, string? followUp)
    {
        var task = new HumanTask
        {
            Assignee = assignee,
            CandidateGroups = [.. groups],
            DueAt = due is null ? null : DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            FollowUpAt = followUp is null ? null : DateTimeOffset.Parse(followUp, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Equal(
            JsonSerializer.Serialize(new { task.Assignee, task.CandidateGroups, task.DueAt, task.FollowUpAt }),
            TaskCreatedDetail.Of(task));
    }
}
