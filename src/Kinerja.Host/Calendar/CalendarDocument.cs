namespace Kinerja.Host.Calendar;

/// <summary>A working calendar as admins edit it: the engine's calendar JSON, validated before it is kept.</summary>
public sealed class CalendarDocument
{
    public required string Name { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
