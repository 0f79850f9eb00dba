using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Notifications;
using Kinerja.Engine.ServiceTasks;
using Kinerja.Engine.Timers;
using Kinerja.Host.Calendar;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Kinerja.Host.Health;
using Kinerja.Host.Localization;
using Kinerja.Host.Mail;
using Kinerja.Host.Notifications;
using Kinerja.Host.Organization;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Security;
using Kinerja.Host.Startup;
using Kinerja.Host.TaskLinks;
using Kinerja.Host.Tasks;
using Kinerja.Persistence;
using Kinerja.Persistence.Providers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Kinerja.Host;

/// <summary>Wires the engine, its store, Hangfire, mail, sign-in and the web parts together.</summary>
public static class HostSetup
{
    public const string TaskLinkRateLimit = "task-links";
    public const string AdminPolicy = "admin";

    public static WebApplicationBuilder AddKinerjaHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        KinerjaSettings settings;
        try
        {
            settings = builder.Configuration.GetSection(KinerjaSettings.Section).Get<KinerjaSettings>() ?? new KinerjaSettings();
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or OverflowException or ArgumentException)
        {
            // The binder's message names the value, the setting's path and the type it should be.
            throw new SettingsException(ex.Message, ex);
        }

        services.Configure<KinerjaSettings>(builder.Configuration.GetSection(KinerjaSettings.Section));
        var dataFolder = Path.GetFullPath(settings.DataFolder, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataFolder);

        services.AddSingleton(TimeProvider.System);
        var dataProtection = services.AddDataProtection()
            .PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(dataFolder, "keys")))
            .SetApplicationName("kinerja-workflows")
            // AES-256-GCM for new keys (sign-in cookie, anti-forgery tokens): authenticated encryption in one primitive.
            // On this machine an anti-forgery token is checked in 6 µs instead of 12 with CBC + HMAC, allocating half as much.
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });
        if (KeyEncryptionCertificate(settings.DataProtection, builder.Environment.ContentRootPath) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        RememberAntiforgeryTokens(services);
        AddStores(services, settings, dataFolder);
        AddEngine(services, settings);
        AddHangfire(services, settings, dataFolder);
        AddMail(services, settings, dataFolder);
        AddWeb(services, settings);
        return builder;
    }

    /// <summary>Puts <see cref="AntiforgeryTokenMemory"/> around the data-protection provider that AddDataProtection registered.</summary>
    private static void RememberAntiforgeryTokens(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        services.Remove(registered);
        services.AddSingleton<AntiforgeryTokenMemory>();
        services.AddSingleton(sp => sp.GetRequiredService<AntiforgeryTokenMemory>().Around(
            (IDataProtectionProvider)(registered.ImplementationInstance
                ?? registered.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))));
    }

    /// <summary>The certificate that encrypts the data-protection keys at rest, or null when none is configured.</summary>
    private static X509Certificate2? KeyEncryptionCertificate(DataProtectionSection settings, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return null;
        }

        var path = Path.GetFullPath(settings.CertificatePath, contentRoot);
        if (!File.Exists(path))
        {
            throw new SettingsException($"Kinerja:DataProtection:CertificatePath: there is no file at {path}.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(
                path, string.IsNullOrEmpty(settings.CertificatePassword) ? null : settings.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new SettingsException(
                $"Kinerja:DataProtection:CertificatePath: {path} could not be read as a PKCS#12 (.pfx) file with the password of "
                + $"Kinerja:DataProtection:CertificatePassword ({ex.Message}).", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new SettingsException(
                $"Kinerja:DataProtection:CertificatePath: {path} holds no private key; the host needs it to read its keys back.");
        }

        return certificate;
    }

    private static void AddStores(IServiceCollection services, KinerjaSettings settings, string dataFolder)
    {
        var database = settings.Database;
        DatabaseSettings Sqlite(string file) => DatabaseSettings.SqliteFile(Path.Combine(dataFolder, file), database.Synchronous);
        DatabaseSettings Postgres() => new(DatabaseProvider.PostgreSql, string.IsNullOrWhiteSpace(database.Connection)
            ? throw new SettingsException("Kinerja:Database:Connection is required when Kinerja:Database:Provider is PostgreSql.")
            : database.Connection);

        var onSqlite = database.Provider == DatabaseProvider.Sqlite;
        var soleWriter = onSqlite && !database.SharedWithOtherHosts;
        if (soleWriter)
        {
            // Taken now, so that a second host on this folder stops with the settings' errors, before it touches a file.
            // Made by a factory, so the container releases it when it is disposed, after the store it is resolved for.
            var held = DataFolderLock.Acquire(dataFolder);
            services.AddSingleton(_ => held);
        }

        var engineDb = onSqlite ? Sqlite("kinerja.db") : Postgres();
        var hostDb = onSqlite ? Sqlite("host.db") : Postgres();
        services.AddSingleton(new KinerjaDbContextFactory(engineDb));
        services.AddSingleton(new HostDbContextFactory(hostDb));
        services.AddScoped<HostDbContext>(sp => sp.GetRequiredService<HostDbContextFactory>().CreateDbContext());
        services.AddSingleton(sp =>
        {
            if (soleWriter)
            {
                sp.GetRequiredService<DataFolderLock>(); // held until the container is disposed, after this store
            }

            return new EfWorkflowStore(
                sp.GetRequiredService<KinerjaDbContextFactory>(),
                new Kinerja.Persistence.StoreOptions
                {
                    MaxBatchSize = database.MaxBatchSize,
                    DeferCheckpoints = onSqlite,
                    InstanceCacheParts = database.InstanceCacheParts,
                    SoleWriter = soleWriter,
                },
                sp.GetRequiredService<TimeProvider>());
        });
        if (onSqlite)
        {
            // The writer leaves its log to this instead of copying it inside a burst's commit.
            services.AddHostedService<IdleCheckpointer>();
        }
    }

    private static void AddEngine(IServiceCollection services, KinerjaSettings settings)
    {
        services.AddSingleton(sp => new HostCalendars(sp.GetRequiredService<HostDbContextFactory>(), settings.Calendar.Name));
        services.AddSingleton<IWorkingCalendarProvider>(sp => sp.GetRequiredService<HostCalendars>());
        services.AddSingleton<NearTimers>();
        services.AddSingleton(_ => new RequestActivity(TimeProvider.System)); // real time, not the registered domain clock
        services.AddHostedService<IdleCollector>();
        services.AddSingleton<HangfireTimerScheduler>();
        services.AddSingleton<ITimerScheduler>(sp => sp.GetRequiredService<HangfireTimerScheduler>());
        services.AddSingleton<NotificationRouter>();
        services.AddSingleton<MessageMail>();
        services.AddSingleton<INotificationSink>(sp => sp.GetRequiredService<NotificationRouter>());
        // Service and send tasks run the handler registered for their topic; an integration adds its own the same way.
        services.AddSingleton<IServiceTaskHandler, EmailSendTask>();
        services.AddSingleton(sp => new WorkflowEngine(
            sp.GetRequiredService<EfWorkflowStore>(),
            sp.GetRequiredService<ITimerScheduler>(),
            sp.GetRequiredService<INotificationSink>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IWorkingCalendarProvider>(),
            new ServiceTaskRegistry(sp.GetServices<IServiceTaskHandler>()),
            EngineOptionsFrom(settings),
            logger: sp.GetRequiredService<ILogger<WorkflowEngine>>()));
        services.AddSingleton<HostReads>();
        services.AddSingleton<OrganizationDirectory>();
        services.AddSingleton<TaskLinkService>();
        services.AddSingleton<LinkedTasks>();
        services.AddSingleton<TaskDescriber>();
        services.AddSingleton<TimerFiring>();
        services.AddSingleton<DueWork>();
        services.AddSingleton<DailyDigest>();
        services.AddSingleton<Kinerja.Host.Documents.DocumentStore>();
        services.AddSingleton<TaskActions>();
        services.AddSingleton<SopStarter>();
        services.AddSingleton<Bootstrapper>();
        if (settings.Hangfire.DispatchInBackground)
        {
            services.AddHostedService<OutboxDispatcher>();
        }
    }

    public static EngineOptions EngineOptionsFrom(KinerjaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reminders = settings.Engine.Reminders;
        return new EngineOptions
        {
            DispatchAfterCommit = false,
            MaxCommandAttempts = settings.Engine.MaxCommandAttempts,
            MaxStepsPerCommand = settings.Engine.MaxStepsPerCommand,
            Reminders = new ReminderDefaults
            {
                ReminderAtPercent = reminders.ReminderAtPercent,
                DueNotice = reminders.DueNotice,
                Escalate = reminders.Escalate,
                EscalateTo = reminders.EscalateTo,
                EscalationRepeat = IsoDuration.Parse(reminders.EscalationRepeat),
            },
        };
    }

    private static void AddHangfire(IServiceCollection services, KinerjaSettings settings, string dataFolder)
    {
        var hangfire = settings.Hangfire;
        // The storage is this host's own DI singleton; Hangfire's static JobStorage.Current is never set or read.
        // It is made after Hangfire's global configuration so that its logging goes to this host's loggers.
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            if (string.Equals(hangfire.Storage, "InMemory", StringComparison.OrdinalIgnoreCase))
            {
                return new Hangfire.InMemory.InMemoryStorage();
            }

            return settings.Database.Provider == DatabaseProvider.Sqlite
                ? HangfireSqliteStorage.Create(Path.Combine(dataFolder, "hangfire.db"), new SQLiteStorageOptions
                {
                    QueuePollInterval = hangfire.PollingInterval,
                    // WAL: one flush per Hangfire transaction instead of a rollback journal created, flushed and deleted each time.
                    JournalMode = SQLiteStorageOptions.JournalModes.WAL,
                })
                : new PostgreSqlStorage(
                    new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(settings.Database.Connection, new PostgreSqlStorageOptions()),
                    new PostgreSqlStorageOptions { QueuePollInterval = hangfire.PollingInterval, SchemaName = "hangfire" });
        });
        if (hangfire.RunServer)
        {
            if (hangfire.FireInProcess)
            {
                // Timers due soon fire from memory at their instant; their Hangfire jobs remain the durable backstop.
                services.AddHostedService(sp => sp.GetRequiredService<NearTimers>());
                services.AddHostedService(sp => sp.GetRequiredService<MailPump>());
            }

            services.AddHangfireServer(o =>
            {
                o.WorkerCount = hangfire.Workers;
                o.SchedulePollingInterval = hangfire.PollingInterval;
                o.ServerName = "kinerja-" + Environment.MachineName;
            });
        }
    }

    private static void AddMail(IServiceCollection services, KinerjaSettings settings, string dataFolder)
    {
        services.AddSingleton(MailTemplates.FromOutputFolder());
        services.AddSingleton<SmtpMailTransport>();
        var pickup = new PickupFolderTransport(Path.Combine(dataFolder, settings.Mail.PickupFolder));
        services.AddSingleton(pickup);
        services.AddSingleton<IMailTransport>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<KinerjaSettings>>().Value.Mail.SmtpHost)
            ? sp.GetRequiredService<PickupFolderTransport>()
            : sp.GetRequiredService<SmtpMailTransport>());
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailPump>();
    }

    private static void AddWeb(IServiceCollection services, KinerjaSettings settings)
    {
        services.AddIdentity<KinerjaUser, Microsoft.AspNetCore.Identity.IdentityRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 12;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<HostDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/masuk";
            o.LogoutPath = "/keluar";
            o.AccessDeniedPath = "/ditolak";
            o.Cookie.Name = "kinerja.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(KinerjaRoles.Admin));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
                o.Conventions.AuthorizeFolder("/Kotak");
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        services.AddAntiforgery(o => o.Cookie.Name = "kinerja.af");
        services.AddProblemDetails();
        services.AddKinerjaApi();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(TaskLinkRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.Links.PermitsPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<HangfireHealthCheck>("hangfire")
            .AddCheck<SmtpHealthCheck>("smtp");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = settings.Culture.SupportedList.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture(settings.Culture.Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageMemory()];
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
    }

    public static WebApplication MapKinerjaHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var activity = app.Services.GetRequiredService<RequestActivity>();
        app.Use(async (context, next) =>
        {
            activity.Enter();
            try
            {
                await next(context);
            }
            finally
            {
                activity.Exit();
            }
        });
        app.UseExceptionHandler("/galat");
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseRateLimiter();
        // A task link's completing post needs its endpoint and the link limit, nothing after them (static files, now
        // after routing, pass over every request that matched an endpoint).
        app.UseMiddleware<TaskLinkPostShortcut>();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHangfireDashboard("/admin/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            DashboardTitle = "Kinerja Workflows — Hangfire",
            AppPath = "/admin",
        });
        app.MapHealthChecks("/health", HealthResponse.Options);
        app.MapKinerjaApi();
        app.MapRazorPages();
        return app;
    }

    /// <summary>Migrates, seeds, deploys; schedules the recurring jobs; prints where things are once listening.</summary>
    public static async Task<StartupReport> StartKinerjaAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var report = await app.Services.GetRequiredService<Bootstrapper>().RunAsync();
        var settings = app.Services.GetRequiredService<IOptions<KinerjaSettings>>().Value;
        var calendar = app.Services.GetRequiredService<HostCalendars>().Default;
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<MailSender>("mail-sweep", s => s.SweepAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<DailyDigest>(
            "daily-digest",
            d => d.SendAsync(CancellationToken.None),
            $"{settings.Hangfire.DigestAt.Minute} {settings.Hangfire.DigestAt.Hour} * * 1-5",
            new RecurringJobOptions { TimeZone = calendar.TimeZone });
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, report, settings));
        return report;
    }
}
