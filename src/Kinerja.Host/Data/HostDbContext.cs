using Kinerja.Host.Calendar;
using Kinerja.Host.Designer;
using Kinerja.Host.Documents;
using Kinerja.Host.Mail;
using Kinerja.Host.Organization;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Security;
using Kinerja.Host.TaskLinks;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kinerja.Host.Data;

/// <summary>
/// The host's own data beside the engine's store: sign-in accounts, the organisation, task links, mail,
/// timers handed to Hangfire, uploads, API keys and calendars. Instants are kept as UTC ticks so that
/// SQLite can order and compare them.
/// </summary>
public abstract class HostDbContext(DbContextOptions options) : IdentityDbContext<KinerjaUser>(options)
{
    public DbSet<Person> People => Set<Person>();
    public DbSet<Skpd> Skpds => Set<Skpd>();
    public DbSet<Role> OrgRoles => Set<Role>();
    public DbSet<RoleMember> RoleMembers => Set<RoleMember>();
    public DbSet<Absence> Absences => Set<Absence>();
    public DbSet<TaskLink> TaskLinks => Set<TaskLink>();
    public DbSet<MailMessage> Mail => Set<MailMessage>();
    public DbSet<TimerJob> TimerJobs => Set<TimerJob>();
    public DbSet<UploadedDocument> Documents => Set<UploadedDocument>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<CalendarDocument> Calendars => Set<CalendarDocument>();
    public DbSet<DesignDraft> Drafts => Set<DesignDraft>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);

        builder.Entity<Person>(e =>
        {
            e.ToTable("people");
            e.HasKey(p => p.Key);
            e.Property(p => p.Key).HasMaxLength(64);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Email).HasMaxLength(254);
            e.Property(p => p.Culture).HasMaxLength(8);
            e.HasIndex(p => p.SkpdCode);
            e.HasIndex(p => p.Email);
        });
        builder.Entity<Skpd>(e =>
        {
            e.ToTable("skpd");
            e.HasKey(s => s.Code);
            e.Property(s => s.Code).HasMaxLength(32);
            e.Property(s => s.Name).HasMaxLength(200);
        });
        builder.Entity<Role>(e =>
        {
            e.ToTable("org_roles");
            e.HasKey(r => r.Group);
            e.Property(r => r.Group).HasMaxLength(100);
        });
        builder.Entity<RoleMember>(e =>
        {
            e.ToTable("org_role_members");
            e.HasKey(m => new { m.Group, m.PersonKey });
            e.HasIndex(m => m.PersonKey);
        });
        builder.Entity<Absence>(e =>
        {
            e.ToTable("absences");
            e.HasIndex(a => new { a.PersonKey, a.From });
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(8);
        });
        builder.Entity<TaskLink>(e =>
        {
            e.ToTable("task_links");
            e.HasIndex(l => l.TokenHash).IsUnique();
            e.HasIndex(l => new { l.TaskId, l.PersonKey });
            e.Property(l => l.TokenHash).HasMaxLength(64);
        });
        builder.Entity<MailMessage>(e =>
        {
            e.ToTable("mail");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).HasMaxLength(300);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.CreatedAt);
            e.HasIndex(m => m.TaskId);
        });
        builder.Entity<TimerJob>(e =>
        {
            e.ToTable("timer_jobs");
            e.HasKey(t => t.TimerId);
            e.Property(t => t.TimerId).HasMaxLength(200);
            e.HasIndex(t => t.DueAt);
        });
        builder.Entity<UploadedDocument>(e =>
        {
            e.ToTable("documents");
            e.HasIndex(d => d.TaskId);
            e.HasIndex(d => d.InstanceId);
        });
        builder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(k => k.KeyHash).IsUnique();
        });
        builder.Entity<CalendarDocument>(e =>
        {
            e.ToTable("calendars");
            e.HasKey(c => c.Name);
        });
        builder.Entity<DesignDraft>(e =>
        {
            e.ToTable("design_drafts");
            e.HasKey(d => d.ProcessKey);
            e.Property(d => d.ProcessKey).HasMaxLength(200);
        });
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}

// One context type per provider, each with its own migrations (SQLite and PostgreSQL types differ).

public sealed class SqliteHostDbContext(DbContextOptions<SqliteHostDbContext> options) : HostDbContext(options);

public sealed class PostgresHostDbContext(DbContextOptions<PostgresHostDbContext> options) : HostDbContext(options);
