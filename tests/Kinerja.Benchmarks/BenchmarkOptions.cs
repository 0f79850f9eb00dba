using System.Globalization;

namespace Kinerja.Benchmarks;

/// <summary>The command line: <c>--instances N [--clients N] [--inbox N] [--synchronous FULL|NORMAL] [--db path] [--peer]</c>, or <c>--calendar N</c>.</summary>
internal sealed record BenchmarkOptions
{
    public const string Usage =
        "usage: Kinerja.Benchmarks --instances N [--clients N] [--inbox N] [--synchronous FULL|NORMAL] [--db path] [--peer]   or: Kinerja.Benchmarks --calendar N";

    public int Instances { get; init; } = 2000;
    public int Clients { get; init; } = 8;
    public int Inbox { get; init; }
    public string Synchronous { get; init; } = "FULL";

    /// <summary>The engine's database file; it must not exist yet. Null: a file in a fresh temporary folder.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Set by <c>--peer</c>: also run the same process on the npm bpmn-engine (peer/bpmn-engine-bench.mjs).</summary>
    public bool Peer { get; init; }

    public int WarmUpInstances { get; init; } = 2000;
    public TimeSpan CeilingDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Set by <c>KINERJA_BENCH_PROFILE=1</c>: time store calls and database work and print where the time goes.</summary>
    public bool Profile { get; init; }

    public bool HelpRequested { get; init; }

    /// <summary>Set by <c>--calendar N</c>: time the working-time calendar from N start instants (<see cref="CalendarRun"/>) instead of the engine.</summary>
    public int Calendar { get; init; }

    /// <exception cref="ArgumentException">An argument is unknown, missing its value or out of range.</exception>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args, bool profile)
    {
        var options = new BenchmarkOptions { Profile = profile };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return options with { HelpRequested = true };
            }

            if (name == "--peer")
            {
                options = options with { Peer = true };
                continue;
            }

            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");

            options = name switch
            {
                "--instances" => options with { Instances = Count(name, Value(), min: 1) },
                "--clients" => options with { Clients = Count(name, Value(), min: 1, max: 1024) },
                "--inbox" => options with { Inbox = Count(name, Value(), min: 0) },
                "--synchronous" => options with { Synchronous = SynchronousMode(Value()) },
                "--db" => options with { DatabasePath = DatabaseFile(Value()) },
                "--calendar" => options with { Calendar = Count(name, Value(), min: 100) },
                _ => throw new ArgumentException($"unknown argument '{name}'."),
            };
        }

        return options;
    }

    private static int Count(string name, string text, int min, int max = 10_000_000) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'.");

    private static string SynchronousMode(string text) =>
        text.ToUpperInvariant() is "FULL" or "NORMAL"
            ? text.ToUpperInvariant()
            : throw new ArgumentException($"--synchronous must be FULL or NORMAL, not '{text}'.");

    private static string DatabaseFile(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException("--db needs a file path.");
        }

        var full = Path.GetFullPath(text);
        return File.Exists(full) || Directory.Exists(full)
            ? throw new ArgumentException($"--db '{text}' already exists; the benchmark needs a fresh file.")
            : full;
    }
}
