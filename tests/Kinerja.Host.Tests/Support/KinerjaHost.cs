using Kinerja.Engine;
using Kinerja.Host.Data;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Startup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Kinerja.Host.Tests.Support;

/// <summary>
/// The real host (Program) on real SQLite files in a temporary folder, with a fake clock. Hangfire keeps its
/// jobs in memory and runs no server: <see cref="RunDueAsync"/> does what its workers would, at the fake clock's
/// instant. The data folder survives <see cref="RestartAsync"/>, so a test can stop the host mid-way.
/// </summary>
public sealed class KinerjaHost : IAsyncDisposable
{
    /// <summary>Monday 2 March 2026, 08:00 WITA.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _realClock;
    private Factory _factory;

    private KinerjaHost(string dataFolder, FakeTimeProvider clock, Dictionary<string, string?> settings, bool realClock)
    {
        _realClock = realClock;
        DataFolder = dataFolder;
        Clock = clock;
        _settings = settings;
        _factory = new Factory(this);
    }

    public string DataFolder { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _factory.Services;
    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();
    public StartupReport Startup => Services.GetRequiredService<Bootstrapper>().LastReport!;

    /// <param name="smtp">The SMTP server mail goes to; none = the pickup folder.</param>
    /// <param name="settings">More settings (Kinerja:…) for this host.</param>
    /// <param name="realClock">Keep the system clock (for the one test of Hangfire's own scheduling).</param>
    public static async Task<KinerjaHost> StartAsync(
        TestSmtpServer? smtp = null, DateTimeOffset? now = null, IDictionary<string, string?>? settings = null, bool realClock = false)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kinerja-host-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var all = new Dictionary<string, string?>
        {
            ["Kinerja:DataFolder"] = folder,
            ["Kinerja:WorkflowsFolder"] = RepoPaths.Workflows,
            ["Kinerja:PublicBaseUrl"] = "https://kinerja.test",
            ["Kinerja:Hangfire:Storage"] = "InMemory",
            ["Kinerja:Hangfire:RunServer"] = "false",
            ["Kinerja:Hangfire:DispatchInBackground"] = "false",
            ["Kinerja:Database:Synchronous"] = "NORMAL",
            ["Kinerja:Mail:SmtpHost"] = smtp is null ? string.Empty : "127.0.0.1",
            ["Kinerja:Mail:SmtpPort"] = smtp?.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "25",
            ["Kinerja:Mail:SmtpSecurity"] = "None",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = new KinerjaHost(folder, new FakeTimeProvider(now ?? MondayMorning), all, realClock);
        _ = host.Services; // builds and starts the host: migrate, seed, deploy
        await Task.CompletedTask;
        return host;
    }

    /// <summary>An HTTP client for the host; cookies kept, redirects not followed.</summary>
    public HttpClient CreateClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    });

    /// <summary>Moves the clock forward by <paramref name="by"/> and runs what fell due (timers, outbox, mail).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await RunDueAsync();
    }

    public async Task AdvanceToAsync(DateTimeOffset instant)
    {
        if (instant > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(instant);
        }

        await RunDueAsync();
    }

    public Task<int> RunDueAsync() => Services.GetRequiredService<DueWork>().RunAsync();

    /// <summary>Stops the host and starts a new one on the same data folder and clock.</summary>
    public async Task RestartAsync()
    {
        await _factory.DisposeAsync();
        _factory = new Factory(this);
        _ = _factory.Services;
    }

    public HostDbContext HostDb() => Services.GetRequiredService<HostDbContextFactory>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Factory(KinerjaHost owner) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in owner._settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseEnvironment("Testing");
            if (!owner._realClock)
            {
                builder.ConfigureServices(services =>
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton<TimeProvider>(owner.Clock);
                });
            }
        }
    }
}

/// <summary>Paths in the repository, found from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Workflows => Path.Combine(Root, "workflows");

    public static string SeedSop => Path.Combine(Workflows, "sop-pengumpulan-data-kinerja.bpmn");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kinerja.Workflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Kinerja.Workflows.sln not found above " + AppContext.BaseDirectory);
    }
}
