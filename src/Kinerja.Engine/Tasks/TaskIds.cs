using System.Globalization;

namespace Kinerja.Engine.Tasks;

/// <summary>
/// Task ids are the instance id followed by the task's number in that instance
/// (<c>{instance:N}-{n:x4}</c>): they sort in creation order within an instance, and a command on a
/// task finds its instance without a lookup.
/// </summary>
public static class TaskIds
{
    public static string Create(Guid instanceId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId:N}-{number:x4}");

    public static bool TryGetInstanceId(string taskId, out Guid instanceId)
    {
        instanceId = default;
        return taskId is { Length: > 33 } && taskId[32] == '-' && Guid.TryParseExact(taskId.AsSpan(0, 32), "N", out instanceId);
    }
}
