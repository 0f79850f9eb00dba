using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kinerja.Host.Tests.Support;

/// <summary>Certificates made for a test, as a deployer would give them to the host.</summary>
public static class TestCertificates
{
    /// <summary>
    /// Writes <c>kunci.pfx</c> into <paramref name="folder"/>: a new self-signed certificate, with its private key unless
    /// <paramref name="withPrivateKey"/> is false (a public certificate packed as .pfx, a deployer's likely mix-up).
    /// </summary>
    public static string WritePfx(string folder, string password, bool withPrivateKey = true)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Kinerja Workflows data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        using var publicOnly = withPrivateKey ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
        var path = Path.Combine(folder, "kunci.pfx");
        File.WriteAllBytes(path, (publicOnly ?? certificate).Export(X509ContentType.Pfx, password));
        return path;
    }
}
