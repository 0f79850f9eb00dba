using NodaTime;

namespace Kinerja.Engine.Calendar;

/// <summary>A working period in local time, <see cref="Start"/> inclusive, <see cref="End"/> exclusive.</summary>
internal readonly record struct LocalPeriod(LocalTime Start, LocalTime End);
