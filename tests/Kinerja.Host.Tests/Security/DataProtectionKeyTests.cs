using System.Net;
using Kinerja.Host.Tests.Api;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Security;

/// <summary>
/// The data-protection keys (sign-in cookie, anti-forgery tokens) are encrypted at rest when a certificate is configured.
/// A certificate that cannot be used stops the start: <see cref="Startup.SettingsErrorTests"/>.
/// </summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private const string Password = "Sertifikat-Kunci-2026!";
    private readonly string _folder = Directory.CreateTempSubdirectory("kinerja-dp-").FullName;

    [Fact]
    public async Task WithACertificate_TheKeysAreStoredEncrypted_AndReadBackAfterARestart()
    {
        await using var host = await KinerjaHost.StartAsync(settings: Certificate(TestCertificates.WritePfx(_folder, Password), Password));
        var adminPassword = host.Startup.AdminPassword!;
        var keys = await SignInAndReadKeysAsync(host);
        foreach (var xml in keys.Values)
        {
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        }

        // The restarted host decrypts its keys with the certificate: signing in still works, with the same key file.
        await host.RestartAsync();
        using var again = await ApiClients.SignedInAsync(host, "admin", adminPassword);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/admin")).StatusCode);
        Assert.Equal(keys.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(Path.Combine(host.DataFolder, "keys"), "*.xml").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NewKeys_EncryptWithAes256Gcm_AndTheSignInAndFormsWorkWithThem()
    {
        await using var host = await KinerjaHost.StartAsync();
        foreach (var xml in (await SignInAndReadKeysAsync(host)).Values)
        {
            Assert.Contains("<encryption algorithm=\"AES_256_GCM\"", xml, StringComparison.Ordinal);
        }
    }

    /// <summary>Signs the admin in through the form (cookie and anti-forgery need a key) and reads the key files, by path.</summary>
    private static async Task<Dictionary<string, string>> SignInAndReadKeysAsync(KinerjaHost host)
    {
        using (var admin = await ApiClients.AdminAsync(host))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(Path.Combine(host.DataFolder, "keys"), "*.xml"))
        {
            keys[path] = await File.ReadAllTextAsync(path);
        }

        Assert.NotEmpty(keys);
        return keys;
    }

    private static Dictionary<string, string?> Certificate(string path, string password) => new()
    {
        ["Kinerja:DataProtection:CertificatePath"] = path,
        ["Kinerja:DataProtection:CertificatePassword"] = password,
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
