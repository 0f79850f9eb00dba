using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kinerja.Host.Tests.Support;

/// <summary>Certificates made for a test, as a deployer would give them to the host.</summary>
public static class TestCertificates
{
    /// <summary>Writes <c>kunci.pfx</c> into <paramref name="folder"/>: a new self-signed certificate with its private key.</summary>
    public static string WritePfx(string folder, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Kinerja Workflows data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        var path = Path.Combine(folder, "kunci.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
