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
    private readonly int? _kestrelPort;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _ownsDataFolder;
    private Factory _factory;

    private KinerjaHost(
        string dataFolder, FakeTimeProvider clock, Dictionary<string, string?> settings, bool realClock, int? kestrelPort, Action<IServiceCollection>? services, bool ownsDataFolder)
    {
        _realClock = realClock;
        _kestrelPort = kestrelPort;
        _services = services;
        _ownsDataFolder = ownsDataFolder;
        DataFolder = dataFolder;
        Clock = clock;
        _settings = settings;
        _factory = new Factory(this);
    }

    public string DataFolder { get; }

    /// <summary>The Kestrel address when started with <c>kestrel: true</c>.</summary>
    public string BaseUrl => _kestrelPort is { } port ? $"http://127.0.0.1:{port}" : "https://localhost";
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _factory.Services;
    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();
    public StartupReport Startup => Services.GetRequiredService<Bootstrapper>().LastReport!;

    /// <param name="smtp">The SMTP server mail goes to; none = the pickup folder.</param>
    /// <param name="settings">More settings (Kinerja:…) for this host.</param>
    /// <param name="realClock">Keep the system clock (for the one test of Hangfire's own scheduling).</param>
    /// <param name="kestrel">Serve over real HTTP on a loopback port (for a real browser), at <see cref="BaseUrl"/>.</param>
    /// <param name="services">More services for this host (after its own), e.g. a service task handler.</param>
    public static async Task<KinerjaHost> StartAsync(
        TestSmtpServer? smtp = null,
        DateTimeOffset? now = null,
        IDictionary<string, string?>? settings = null,
        bool realClock = false,
        bool kestrel = false,
        Action<IServiceCollection>? services = null)
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
        int? port = kestrel ? FreePort() : null;
        if (port is not null)
        {
            all["Kinerja:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = new KinerjaHost(folder, new FakeTimeProvider(now ?? MondayMorning), all, realClock, port, services, ownsDataFolder: true);
        host.Build();
        await Task.CompletedTask;
        return host;
    }

    /// <summary>
    /// A second host on this one's data folder (the same database files) and clock, as when two hosts serve one
    /// database: each has its own engine, caches and turns. It leaves the folder to this host.
    /// </summary>
    public KinerjaHost Beside(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = new KinerjaHost(DataFolder, Clock, all, _realClock, kestrelPort: null, services: null, ownsDataFolder: false);
        host.Build();
        return host;
    }

    /// <summary>An HTTP client for the host; cookies kept, redirects not followed.</summary>
    public HttpClient CreateClient() => _factory.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri(BaseUrl),
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
        Build();
    }

    private void Build()
    {
        if (_kestrelPort is { } port)
        {
            _factory.UseKestrel(port);
            _factory.StartServer();
        }

        _ = _factory.Services; // builds and starts the host: migrate, seed, deploy
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public HostDbContext HostDb() => Services.GetRequiredService<HostDbContextFactory>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (!_ownsDataFolder)
        {
            return;
        }

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
            if (owner._services is { } more)
            {
                builder.ConfigureServices(more);
            }

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
