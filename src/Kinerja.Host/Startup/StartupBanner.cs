using Kinerja.Host.Configuration;
using Kinerja.Host.Mail;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kinerja.Host.Startup;

/// <summary>What a new user needs to know once the host listens: where it is, how to sign in, where mail goes.</summary>
public static class StartupBanner
{
    public static void Print(WebApplication app, StartupReport report, KinerjaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? settings.PublicBaseUrl;
        var transport = app.Services.GetRequiredService<IMailTransport>();
        var mailText = transport is PickupFolderTransport pickup
            ? $"no SMTP set: mail is written to {pickup.Folder} and shown at {url}/admin/surat"
            : $"SMTP {settings.Mail.SmtpHost}:{settings.Mail.SmtpPort}";
        var lines = new List<string>
        {
            string.Empty,
            "  Kinerja Workflows is running",
            $"  URL:        {url}",
            $"  Deployed:   {(report.Deployed.Count == 0 ? "(nothing)" : string.Join(", ", report.Deployed))}",
        };
        if (report.Refused.Count > 0)
        {
            lines.Add($"  Refused:    {string.Join(", ", report.Refused)} (see the log for each problem)");
        }

        lines.Add(report.AdminPassword is not null
            ? $"  Sign in:    {url}/masuk  user '{report.AdminUserName}'  password '{report.AdminPassword}'  (shown once; only its hash is kept)"
            : $"  Sign in:    {url}/masuk  with the admin account made on the first start");
        lines.Add($"  Mail:       {mailText}");
        lines.Add($"  Health:     {url}/health   API: {url}/api   Hangfire: {url}/admin/hangfire");
        lines.Add(string.Empty);
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Console.Out.Flush();
    }
}
