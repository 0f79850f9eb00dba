using System.Globalization;
using System.Reflection;

namespace Kinerja.Host.Benchmarks;

/// <summary>How instances are started: through the REST API, or by timer start events in the benchmark's BPMN.</summary>
internal enum StartVia
{
    /// <summary>N timer start events sharing one timeDate, deployed from the host's workflows folder.</summary>
    Timer,

    /// <summary><c>POST /api/instances</c> with an API key made by the admin (<see cref="HostApiClient"/>).</summary>
    Api,
}

/// <summary>
/// The command line: <c>[--reminders N] [--officers N] [--rss] [--warm-up N] [--settle-rounds N] [--rounds N] [--time-standard PT2M] [--due-window S] [--think-ms N] [--together] [--start-via timer|api]
/// [--permits N] [--host path/Kinerja.Host.dll] [--host-env NAME=VALUE] [--marks file] [--keep]</c>. No scenario named: all three.
/// </summary>
internal sealed record HostBenchOptions
{
    public const string Usage =
        "usage: Kinerja.Host.Benchmarks [--reminders N] [--officers N] [--rss] [--warm-up N] [--settle-rounds N] [--rounds N] [--time-standard PT2M] [--due-window 55] [--think-ms 0] [--together] "
        + "[--start-via timer|api] [--permits N] [--host path/Kinerja.Host.dll] [--host-env NAME=VALUE] [--marks file] [--keep]   (no scenario: --reminders 1000 --officers 200 --rss)";

    public int Reminders { get; init; }
    public int Officers { get; init; }
    public bool Rss { get; init; }

    /// <summary>Tasks completed (by as many concurrent clients) before the measured officers, to warm up the host.</summary>
    public int WarmUp { get; init; } = 200;

    /// <summary>
    /// Unmeasured bursts at the measured width after the warm-up, each followed by the same settling as a measured round:
    /// the first bursts at full width still take paths the small warm-up rounds did not, and the runtime finishes optimising
    /// what they made hot only after them, which a host that has run for long has done (docs/benchmarks.md, session 21).
    /// </summary>
    public int SettleRounds { get; init; } = 2;

    /// <summary>
    /// The officers scenario's measured bursts, each of <see cref="Officers"/> officers on fresh tasks, with the host's
    /// background work settled in between: one burst's p99 is nearly its slowest request, so several show the spread.
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>The calendar-time standard of the reminders scenario's task; the reminder is due at 80 % of it.</summary>
    public TimeSpan TimeStandard { get; init; } = TimeSpan.FromMinutes(2);

    public StartVia StartVia { get; init; } = StartVia.Timer;

    /// <summary>
    /// Each officer fills the form for a random time from 0 to this (the same seed every run) between opening the page
    /// and posting it; zero: posts right away, so all the officers' posts arrive together.
    /// </summary>
    public TimeSpan Think { get; init; }

    /// <summary>
    /// Every officer opens the page first; when all pages are open, all the posts are sent at one instant (everybody
    /// presses "Kirim" together). Without it each officer posts as soon as their own page is open.
    /// </summary>
    public bool Together { get; init; }

    /// <summary>The reminders' due instants are spread evenly over this window (the starts are); zero: all at one instant.</summary>
    public TimeSpan DueWindow { get; init; } = TimeSpan.FromSeconds(55);

    /// <summary>The host's per-address link limit (<c>Kinerja__Links__PermitsPerMinute</c>): every client here shares 127.0.0.1.</summary>
    public int PermitsPerMinute { get; init; } = 1_000_000;

    public string HostAssembly { get; init; } = DefaultHostAssembly();

    /// <summary>
    /// More environment variables for the host process only (a runtime setting such as <c>DOTNET_TieredPGO=0</c>, or a
    /// <c>Kinerja__…</c> setting), to compare settings on one build; they win over the scenario's own.
    /// </summary>
    public IReadOnlyDictionary<string, string> HostEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// With <c>--together</c>: each measured round's window, from the posts' release to the last answer, is appended to this
    /// file as a line of two CLOCK_MONOTONIC instants in seconds, to pick a round's samples out of a <c>perf record -k
    /// CLOCK_MONOTONIC</c> profile.
    /// </summary>
    public string? MarksFile { get; init; }

    /// <summary>Keep each host's temporary folder (data, logs, workflows) instead of deleting it.</summary>
    public bool Keep { get; init; }

    public bool HelpRequested { get; init; }

    /// <exception cref="ArgumentException">An argument is unknown, missing its value or out of range.</exception>
    public static HostBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HostBenchOptions();
        var anyScenario = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "-h" or "--help":
                    return options with { HelpRequested = true };
                case "--reminders":
                    options = options with { Reminders = Count(name, Value(), 1, 100_000) };
                    anyScenario = true;
                    break;
                case "--officers":
                    options = options with { Officers = Count(name, Value(), 1, 5_000) };
                    anyScenario = true;
                    break;
                case "--rss":
                    options = options with { Rss = true };
                    anyScenario = true;
                    break;
                case "--rounds":
                    options = options with { Rounds = Count(name, Value(), 1, 50) };
                    break;
                case "--settle-rounds":
                    options = options with { SettleRounds = Count(name, Value(), 0, 50) };
                    break;
                case "--warm-up":
                    options = options with { WarmUp = Count(name, Value(), 0, 5_000) };
                    break;
                case "--time-standard":
                    options = options with { TimeStandard = Duration(name, Value()) };
                    break;
                case "--think-ms":
                    options = options with { Think = TimeSpan.FromMilliseconds(Count(name, Value(), 0, 600_000)) };
                    break;
                case "--together":
                    options = options with { Together = true };
                    break;
                case "--due-window":
                    options = options with { DueWindow = TimeSpan.FromSeconds(Count(name, Value(), 0, 3600)) };
                    break;
                case "--start-via":
                    options = options with { StartVia = StartViaFrom(Value()) };
                    break;
                case "--permits":
                    options = options with { PermitsPerMinute = Count(name, Value(), 1, int.MaxValue) };
                    break;
                case "--host":
                    options = options with { HostAssembly = Path.GetFullPath(Value()) };
                    break;
                case "--host-env":
                    var (key, value) = EnvironmentSetting(name, Value());
                    options = options with { HostEnvironment = new Dictionary<string, string>(options.HostEnvironment, StringComparer.Ordinal) { [key] = value } };
                    break;
                case "--marks":
                    options = options with { MarksFile = Path.GetFullPath(Value()) };
                    break;
                case "--keep":
                    options = options with { Keep = true };
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{name}'.");
            }
        }

        return anyScenario ? options : options with { Reminders = 1000, Officers = 200, Rss = true };
    }

    private static StartVia StartViaFrom(string text) => text.ToLowerInvariant() switch
    {
        "timer" => StartVia.Timer,
        "api" => StartVia.Api,
        _ => throw new ArgumentException($"--start-via must be timer or api, not '{text}'."),
    };

    private static (string Key, string Value) EnvironmentSetting(string name, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? (text[..equals], text[(equals + 1)..])
            : throw new ArgumentException($"{name} must be NAME=VALUE, not '{text}'.");
    }

    private static int Count(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'.");

    private static TimeSpan Duration(string name, string text)
    {
        try
        {
            var span = System.Xml.XmlConvert.ToTimeSpan(text);
            return span >= TimeSpan.FromSeconds(30) && span <= TimeSpan.FromHours(1)
                ? span
                : throw new ArgumentException($"{name} must be from PT30S to PT1H, not '{text}'.");
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{name} must be an ISO 8601 duration such as PT2M, not '{text}'.");
        }
    }

    private static string DefaultHostAssembly()
    {
        var folder = typeof(HostBenchOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HostOutputFolder")?.Value ?? AppContext.BaseDirectory;
        return Path.Combine(folder, "Kinerja.Host.dll");
    }
}
