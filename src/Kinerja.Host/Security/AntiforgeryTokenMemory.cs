using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace Kinerja.Host.Security;

/// <summary>
/// Anti-forgery tokens this host protected or verified lately, by their exact protected bytes. A form posted back carries
/// the two tokens its page got (the cookie's and the form's); each was made here a moment before, so unprotecting it again
/// (deriving the payload's key, decrypting and authenticating it) only repeats what the protector already did for those
/// bytes. Found here, the token's plain bytes are given as the protector gave them; anything else — a token not seen, or
/// one byte changed — goes to the protector, which verifies it as before. ASP.NET Core's anti-forgery itself still
/// compares the tokens and the user. Entries last <see cref="Lifetime"/>; at most <see cref="Capacity"/> are kept.
/// </summary>
/// <remarks>
/// When 200 officers post at once, the two tokens' checks were about a tenth of the host's CPU (`perf`: 9.9 % of its
/// samples, half of it OpenSSL deriving the payloads' keys and decrypting); remembered, 3.8 % (docs/benchmarks.md,
/// session 16). Only the anti-forgery purpose is remembered; the sign-in cookie and every other purpose go to the
/// protector each time. A data-protection key revoked meanwhile still lets the tokens already remembered through until
/// they are dropped (at most <see cref="Lifetime"/>); tokens made after the revocation are checked against it as usual.
/// </remarks>
public sealed class AntiforgeryTokenMemory : IDisposable
{
    /// <summary>The purpose ASP.NET Core's anti-forgery serializer creates its protector with.</summary>
    public const string Purpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(20);
    public const int Capacity = 10_000;

    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private long _hits;

    /// <summary>How many unprotects were answered from memory.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Wraps <paramref name="provider"/> so that the anti-forgery purpose's protector remembers its tokens.</summary>
    public IDataProtectionProvider Around(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new Provider(provider, this);
    }

    private bool TryRecall(byte[] protectedData, out byte[] plain)
    {
        if (_tokens.TryGetValue(Convert.ToBase64String(protectedData), out byte[]? known) && known is not null)
        {
            Interlocked.Increment(ref _hits);
            plain = (byte[])known.Clone();
            return true;
        }

        plain = [];
        return false;
    }

    private void Remember(byte[] protectedData, byte[] plain) =>
        _tokens.Set(
            Convert.ToBase64String(protectedData),
            (byte[])plain.Clone(),
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });

    public void Dispose() => _tokens.Dispose();

    private sealed class Provider(IDataProtectionProvider inner, AntiforgeryTokenMemory memory) : IDataProtectionProvider
    {
        public IDataProtector CreateProtector(string purpose)
        {
            var protector = inner.CreateProtector(purpose);
            return string.Equals(purpose, Purpose, StringComparison.Ordinal) ? new RememberingProtector(protector, memory) : protector;
        }
    }

    private sealed class RememberingProtector(IDataProtector inner, AntiforgeryTokenMemory memory) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => inner.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext)
        {
            var protectedData = inner.Protect(plaintext);
            memory.Remember(protectedData, plaintext);
            return protectedData;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            ArgumentNullException.ThrowIfNull(protectedData);
            if (memory.TryRecall(protectedData, out var plain))
            {
                return plain;
            }

            plain = inner.Unprotect(protectedData);
            memory.Remember(protectedData, plain);
            return plain;
        }
    }
}
