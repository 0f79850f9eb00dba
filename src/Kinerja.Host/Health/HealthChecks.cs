using System.Text.Json;
using Hangfire;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Kinerja.Host.Mail;
using Kinerja.Persistence;
using Kinerja.Persistence.Providers;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Health;

/// <summary>Both databases answer a query, and the engine's store still writes (it stops for good when a flush of its log fails).</summary>
public sealed class DatabaseHealthCheck(KinerjaDbContextFactory engineDb, HostDbContextFactory hostDb, EfWorkflowStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store.WriteFailure is { } stopped)
        {
            return HealthCheckResult.Unhealthy(stopped.Message, stopped);
        }

        try
        {
            await using (var connection = await engineDb.OpenConnectionAsync(forWriting: false, cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken);
            }

            await using var db = await hostDb.CreateDbContextAsync(cancellationToken);
            await db.People.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{engineDb.Settings.Provider}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}

/// <summary>Hangfire's storage answers and a server is alive.</summary>
public sealed class HangfireHealthCheck(JobStorage storage, IOptions<KinerjaSettings> settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var servers = monitoring.Servers().Count;
            var stats = monitoring.GetStatistics();
            var data = new Dictionary<string, object> { ["servers"] = servers, ["scheduled"] = stats.Scheduled, ["failed"] = stats.Failed };
            return Task.FromResult(servers == 0 && settings.Value.Hangfire.RunServer
                ? HealthCheckResult.Degraded("No Hangfire server is running yet.", data: data)
                : HealthCheckResult.Healthy($"{servers} server(s)", data));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire's storage does not answer.", ex));
        }
    }
}

/// <summary>The SMTP server answers; when it does not, mail waits (degraded, not down). No SMTP set = pickup folder.</summary>
public sealed class SmtpHealthCheck(SmtpMailTransport smtp, IOptions<KinerjaSettings> settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(settings.Value.Mail.SmtpHost))
        {
            return HealthCheckResult.Healthy("No SMTP server set: mail goes to the pickup folder and the in-app outbox.");
        }

        try
        {
            await smtp.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{settings.Value.Mail.SmtpHost}:{settings.Value.Mail.SmtpPort}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"SMTP {settings.Value.Mail.SmtpHost}:{settings.Value.Mail.SmtpPort} is not reachable; mail waits and is retried.", ex);
        }
    }
}

/// <summary>/health answers JSON: the overall status and each check's, without exception details.</summary>
public static class HealthResponse
{
    public static HealthCheckOptions Options { get; } = new()
    {
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = (int)e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
