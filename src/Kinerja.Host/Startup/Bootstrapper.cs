using System.Security.Cryptography;
using Kinerja.Engine;
using Kinerja.Host.Calendar;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Kinerja.Host.Organization;
using Kinerja.Host.Scheduling;
using Kinerja.Host.Security;
using Kinerja.Persistence.Providers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Startup;

/// <summary>What the first (and every) start does before serving: schema, calendar, demo data, admin, workflows.</summary>
public sealed record StartupReport(string? AdminUserName, string? AdminPassword, IReadOnlyList<string> Deployed, IReadOnlyList<string> Refused);

public sealed partial class Bootstrapper(
    KinerjaDbContextFactory engineDb,
    HostDbContextFactory hostDb,
    HostCalendars calendars,
    WorkflowEngine engine,
    HangfireTimerScheduler timers,
    IServiceScopeFactory scopes,
    IOptions<KinerjaSettings> settings,
    IHostEnvironment environment,
    ILogger<Bootstrapper> logger)
{
    public const string AdminUserName = "admin";

    /// <summary>What the last start did (the admin password only on the start that made the account).</summary>
    public StartupReport? LastReport { get; private set; }

    public async Task<StartupReport> RunAsync(CancellationToken cancellationToken = default)
    {
        await engineDb.MigrateAsync(cancellationToken);
        await hostDb.MigrateAsync(cancellationToken);
        await calendars.LoadAsync(cancellationToken);
        if (settings.Value.SeedDemoOrganisation)
        {
            await SeedDemoOrganisationAsync(cancellationToken);
        }

        var password = await EnsureAdminAsync(cancellationToken);
        var (deployed, refused) = await DeployWorkflowsAsync(cancellationToken);
        await timers.RepairAsync(cancellationToken);
        LastReport = new StartupReport(password is null ? null : AdminUserName, password, deployed, refused);
        return LastReport;
    }

    private async Task SeedDemoOrganisationAsync(CancellationToken cancellationToken)
    {
        await using var db = await hostDb.CreateDbContextAsync(cancellationToken);
        if (await db.People.AnyAsync(cancellationToken))
        {
            return;
        }

        var seed = DemoOrganization.Create();
        db.Skpds.AddRange(seed.Skpds);
        db.People.AddRange(seed.People);
        db.OrgRoles.AddRange(seed.Roles);
        db.RoleMembers.AddRange(seed.Members);
        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, seed.People.Count, seed.Skpds.Count);
    }

    /// <summary>Creates the admin account on first start with a generated password, returned to be shown once.</summary>
    private async Task<string?> EnsureAdminAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KinerjaUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(KinerjaRoles.Admin))
        {
            await roles.CreateAsync(new IdentityRole(KinerjaRoles.Admin));
        }

        if ((await users.GetUsersInRoleAsync(KinerjaRoles.Admin)).Count > 0)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var password = GeneratePassword();
        var admin = new KinerjaUser { UserName = AdminUserName, Email = $"admin@{DemoOrganization.MailDomain}", EmailConfirmed = true };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Creating the admin account failed: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, KinerjaRoles.Admin);
        return password;
    }

    private async Task<(List<string> Deployed, List<string> Refused)> DeployWorkflowsAsync(CancellationToken cancellationToken)
    {
        var deployed = new List<string>();
        var refused = new List<string>();
        var folder = WorkflowsFolder();
        if (folder is null)
        {
            LogNoWorkflows(logger);
            return (deployed, refused);
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn").Order(StringComparer.Ordinal))
        {
            var xml = await File.ReadAllTextAsync(file, cancellationToken);
            var result = await engine.DeployAsync(xml, Path.GetFileName(file), "sistem", cancellationToken);
            if (!result.Succeeded)
            {
                refused.Add(Path.GetFileName(file));
                LogRefused(logger, file, string.Join(Environment.NewLine, result.Problems));
                continue;
            }

            foreach (var process in result.Processes)
            {
                deployed.Add($"{process.Definition.ProcessKey} v{process.Definition.Version}{(process.IsNewVersion ? " (baru)" : string.Empty)}");
            }
        }

        return (deployed, refused);
    }

    public string? WorkflowsFolder()
    {
        if (!string.IsNullOrWhiteSpace(settings.Value.WorkflowsFolder))
        {
            var configured = Path.GetFullPath(settings.Value.WorkflowsFolder, environment.ContentRootPath);
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>24 characters from an alphabet without look-alikes (about 138 bits), with the classes Identity's rules ask for.</summary>
    internal static string GeneratePassword()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz";
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        const string all = lower + upper + digits;
        var chars = new char[24];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        // One of each class at distinct random places, and a separator Identity counts as non-alphanumeric.
        var places = Enumerable.Range(0, chars.Length).OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(4).ToArray();
        chars[places[0]] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[places[1]] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[places[2]] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[places[3]] = '-';
        return new string(chars);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo organisation: {People} people, {Skpds} Perangkat Daerah")]
    private static partial void LogSeeded(ILogger logger, int people, int skpds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No workflows folder found; nothing deployed")]
    private static partial void LogNoWorkflows(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workflow {File} was not deployed:\n{Problems}")]
    private static partial void LogRefused(ILogger logger, string file, string problems);
}
