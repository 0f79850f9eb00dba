using Kinerja.Host.Data;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Startup;

/// <summary>
/// A setting that cannot be used stops the real host process before it starts: one line on stderr naming the setting,
/// exit code 2, no stack trace.
/// </summary>
public sealed class SettingsErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kinerja-settings-").FullName;

    public static TheoryData<string, string> Mistakes => new()
    {
        { "missing-certificate", "Kinerja:DataProtection:CertificatePath: there is no file at " },
        { "wrong-password", "Kinerja:DataProtection:CertificatePassword" },
        { "no-private-key", "holds no private key; the host needs it to read its keys back." },
        { "postgres-without-connection", "Kinerja:Database:Connection is required when Kinerja:Database:Provider is PostgreSql." },
        { "data-folder-in-use", "is in use by another Kinerja host (it holds " },
        { "not-a-boolean", "'ya' at 'Kinerja:Database:SharedWithOtherHosts' to type 'System.Boolean'" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task AWrongSetting_StopsTheHost_WithOneLineNamingIt(string mistake, string expected)
    {
        var dataFolder = Path.Combine(_folder, "data");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["Kinerja__DataFolder"] = dataFolder };
        FileStream? heldByAnotherHost = null;
        switch (mistake)
        {
            case "missing-certificate":
                environment["Kinerja__DataProtection__CertificatePath"] = Path.Combine(_folder, "tidak-ada.pfx");
                break;
            case "wrong-password":
                environment["Kinerja__DataProtection__CertificatePath"] = TestCertificates.WritePfx(_folder, "Sandi-Yang-Benar-2026!");
                environment["Kinerja__DataProtection__CertificatePassword"] = "salah";
                break;
            case "no-private-key":
                environment["Kinerja__DataProtection__CertificatePath"] = TestCertificates.WritePfx(_folder, "Sandi-2026!", withPrivateKey: false);
                environment["Kinerja__DataProtection__CertificatePassword"] = "Sandi-2026!";
                break;
            case "not-a-boolean":
                environment["Kinerja__Database__SharedWithOtherHosts"] = "ya";
                break;
            case "data-folder-in-use":
                // What a running host holds: an exclusive lock on the folder's lock file (flock, across processes).
                Directory.CreateDirectory(dataFolder);
                heldByAnotherHost = new FileStream(Path.Combine(dataFolder, DataFolderLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                break;
            default:
                environment["Kinerja__Database__Provider"] = "PostgreSql";
                break;
        }

        int exitCode;
        string stdout, stderr;
        await using (heldByAnotherHost)
        {
            (exitCode, stdout, stderr) = await RunHostAsync(environment);
        }

        if (heldByAnotherHost is not null)
        {
            Assert.Empty(Directory.GetFiles(dataFolder, "*.db")); // refused before it touched a database file
        }

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Kinerja Workflows cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunHostAsync(Dictionary<string, string> environment)
    {
        using var host = HostProcess.Start(_folder, environment);
        await host.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (host.ExitCode, host.Stdout, host.Stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
