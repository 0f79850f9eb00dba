using System.Security.Cryptography;
using Kinerja.Host.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Kinerja.Host.Tests.Security;

/// <summary>The memory of anti-forgery tokens, around a real data-protection provider.</summary>
public sealed class AntiforgeryTokenMemoryTests : IDisposable
{
    private readonly AntiforgeryTokenMemory _memory = new();
    private readonly IDataProtectionProvider _provider = new EphemeralDataProtectionProvider();

    [Fact]
    public void ATokenItProtected_IsRecalled_AsACopy()
    {
        var protector = _memory.Around(_provider).CreateProtector(AntiforgeryTokenMemory.Purpose);
        byte[] plain = [1, 2, 3, 4];
        var token = protector.Protect(plain);

        var first = protector.Unprotect(token);
        first[0] = 99;
        var second = protector.Unprotect(token);

        Assert.Equal(2, _memory.Hits);
        Assert.Equal(plain, second);
    }

    [Fact]
    public void ATokenWithOneBitChanged_GoesToTheProtector_AndIsRefused()
    {
        var protector = _memory.Around(_provider).CreateProtector(AntiforgeryTokenMemory.Purpose);
        var token = protector.Protect([1, 2, 3, 4]);
        token[token.Length / 2] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(token));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(token)); // and is not remembered as refused either
        Assert.Equal(0, _memory.Hits);
    }

    [Fact]
    public void ATokenNotSeenYet_IsVerifiedByTheProtector_ThenRecalled()
    {
        var token = _provider.CreateProtector(AntiforgeryTokenMemory.Purpose).Protect([5, 6]); // another host's, same keys
        var protector = _memory.Around(_provider).CreateProtector(AntiforgeryTokenMemory.Purpose);

        Assert.Equal([5, 6], protector.Unprotect(token));
        Assert.Equal(0, _memory.Hits);
        Assert.Equal([5, 6], protector.Unprotect(token));
        Assert.Equal(1, _memory.Hits);
    }

    [Fact]
    public void OtherPurposes_AreNotRemembered()
    {
        var protector = _memory.Around(_provider).CreateProtector("Microsoft.AspNetCore.Authentication.Cookies");
        var token = protector.Protect([7]);

        Assert.Equal([7], protector.Unprotect(token));
        Assert.Equal([7], protector.Unprotect(token));
        Assert.Equal(0, _memory.Hits);
    }

    public void Dispose() => _memory.Dispose();
}
