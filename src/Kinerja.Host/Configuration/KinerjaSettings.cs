using Kinerja.Persistence.Providers;

namespace Kinerja.Host.Configuration;

/// <summary>Everything a deployer may set under <c>Kinerja</c>; appsettings.sample.json documents each one.</summary>
public sealed class KinerjaSettings
{
    public const string Section = "Kinerja";

    /// <summary>Where SQLite files, the mail pickup folder and uploads live (relative to the content root).</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Folder of BPMN files deployed at start; empty = the nearest <c>workflows/</c> above the content root.</summary>
    public string WorkflowsFolder { get; set; } = string.Empty;

    /// <summary>Absolute base of the links in mail, e.g. https://kinerja.bulelengkab.go.id.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Seed the demo organisation (Bagian Organisasi and the Perangkat Daerah of Buleleng) into an empty database.</summary>
    public bool SeedDemoOrganisation { get; set; } = true;

    public DatabaseSection Database { get; set; } = new();
    public HangfireSection Hangfire { get; set; } = new();
    public MailSection Mail { get; set; } = new();
    public LinkSection Links { get; set; } = new();
    public UploadSection Uploads { get; set; } = new();
    public EngineSection Engine { get; set; } = new();
    public CalendarSection Calendar { get; set; } = new();
    public CultureSection Culture { get; set; } = new();
    public DataProtectionSection DataProtection { get; set; } = new();
}

public sealed class DataProtectionSection
{
    /// <summary>
    /// A PKCS#12 (.pfx) file whose certificate encrypts the data-protection keys at rest (they sign the sign-in
    /// cookie and the anti-forgery tokens); empty: the keys are stored unencrypted under the data folder.
    /// </summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one.</summary>
    public string CertificatePassword { get; set; } = string.Empty;
}

public sealed class EngineSection
{
    public ReminderSection Reminders { get; set; } = new();

    /// <summary>How often a command that lost a race with another is retried before it fails.</summary>
    public int MaxCommandAttempts { get; set; } = 8;

    /// <summary>A guard against a definition that loops without ever waiting.</summary>
    public int MaxStepsPerCommand { get; set; } = 100_000;
}

public sealed class CalendarSection
{
    /// <summary>The working calendar tasks count in unless their BPMN names another.</summary>
    public string Name { get; set; } = "buleleng";
}

public sealed class DatabaseSection
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>PostgreSQL connection string; for SQLite the files go into the data folder unless a path is given here.</summary>
    public string Connection { get; set; } = string.Empty;

    /// <summary>SQLite's synchronous mode: FULL keeps every acknowledged command through a power cut.</summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>How many commits the store's single writer puts into one transaction at most; the one that fills it is flushed at once.</summary>
    public int MaxBatchSize { get; set; } = 128;

    /// <summary>How much of the instances last committed the store keeps in memory, in parts (see <c>StoreOptions.InstanceCacheParts</c>); 0 keeps none.</summary>
    public int InstanceCacheParts { get; set; } = 20_000;

    /// <summary>
    /// SQLite only: other host processes on this machine use the same data folder. Off (the default), the host holds the
    /// folder (a second host there is refused) and its store trusts its own copies of instances without asking the database
    /// which revision it holds. Several hosts are what PostgreSQL is for; the tests use this to stand two hosts on SQLite.
    /// </summary>
    public bool SharedWithOtherHosts { get; set; }
}

public sealed class HangfireSection
{
    /// <summary>"Database" (SQLite file beside the others, or the PostgreSQL database) or "InMemory" (tests only).</summary>
    public string Storage { get; set; } = "Database";

    /// <summary>Run the Hangfire server in this process (off in tests that drive jobs by hand).</summary>
    public bool RunServer { get; set; } = true;

    public int Workers { get; set; } = 4;

    /// <summary>How often scheduled jobs are looked for and queues polled; a reminder starts at most this late.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When the daily digest goes out (local time of the calendar, working days only).</summary>
    public TimeOnly DigestAt { get; set; } = new(7, 0);

    /// <summary>
    /// Also fire timers due within two minutes from memory at their instant, and send recorded mail at once, instead of
    /// waiting for Hangfire's next polls; the Hangfire jobs stay as the durable backstop. Only where the server runs.
    /// </summary>
    public bool FireInProcess { get; set; } = true;

    /// <summary>Hand the engine's outbox to Hangfire from a background loop (off in tests that drive it by hand).</summary>
    public bool DispatchInBackground { get; set; } = true;

    /// <summary>
    /// While requests are being answered, the background loop waits for them before each outbox message it hands on, at
    /// most this long in all per batch, so that people's clicks come first; zero = never wait.
    /// </summary>
    public TimeSpan YieldToRequests { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class MailSection
{
    /// <summary>Sender, e.g. <c>Kinerja Workflows &lt;no-reply@bulelengkab.go.id&gt;</c>.</summary>
    public string From { get; set; } = "Kinerja Workflows <no-reply@kinerja.localhost>";

    /// <summary>SMTP server; empty = mail goes to the pickup folder and the in-app outbox only.</summary>
    public string SmtpHost { get; set; } = string.Empty;

    public int SmtpPort { get; set; } = 587;

    /// <summary>Auto, None, StartTls, SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string SmtpSecurity { get; set; } = "Auto";

    public string SmtpUser { get; set; } = string.Empty;
    public string SmtpPassword { get; set; } = string.Empty;

    /// <summary>Folder for <c>.eml</c> files when no SMTP server is set (relative to the data folder).</summary>
    public string PickupFolder { get; set; } = "mail";

    /// <summary>The longest wait between two attempts at a mail while the server is down.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one attempt may hold a mail before another worker may try it.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(2);
}

public sealed class LinkSection
{
    /// <summary>How long a task link works (it also stops when the task ends or moves).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Link openings and posts allowed per client address per minute.</summary>
    public int PermitsPerMinute { get; set; } = 60;
}

public sealed class UploadSection
{
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Comma-separated (a list in configuration would be appended to, not replaced).</summary>
    public string AllowedExtensions { get; set; } = ".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg";

    public IReadOnlyList<string> AllowedExtensionList =>
        AllowedExtensions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Where uploaded documents are kept (relative to the data folder).</summary>
    public string Folder { get; set; } = "uploads";

    /// <summary>Largest BPMN file accepted for deployment.</summary>
    public long MaxBpmnBytes { get; set; } = 2 * 1024 * 1024;
}

/// <summary>The reminder policy of every user task whose BPMN says nothing else.</summary>
public sealed class ReminderSection
{
    public int ReminderAtPercent { get; set; } = 80;
    public bool DueNotice { get; set; } = true;
    public bool Escalate { get; set; } = true;
    public string EscalateTo { get; set; } = "supervisor";
    public string EscalationRepeat { get; set; } = "P1D";
}

public sealed class CultureSection
{
    public string Default { get; set; } = "id-ID";
    /// <summary>Comma-separated culture names.</summary>
    public string Supported { get; set; } = "id-ID,en-US";

    public IReadOnlyList<string> SupportedList => Supported.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
