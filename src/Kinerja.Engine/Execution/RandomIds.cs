using System.Security.Cryptography;

namespace Kinerja.Engine.Execution;

/// <summary>
/// Ids for timers and message subscriptions: 128 random bits as 32 lowercase hex digits (the shape of a
/// <see cref="Guid"/> written with "N"). Drawn from the system's secure random source sixteen at a time: creating a
/// task schedules three or four timers, and <see cref="Guid.NewGuid"/> would read the kernel's random source once for
/// each of them, inside the command.
/// </summary>
internal static class RandomIds
{
    private const int IdBytes = 16;
    private const int IdsPerDraw = 16;

    [ThreadStatic]
    private static byte[]? _drawn;

    [ThreadStatic]
    private static int _used;

    public static string NewId()
    {
        var drawn = _drawn ??= new byte[IdBytes * IdsPerDraw];
        if (_used == 0)
        {
            RandomNumberGenerator.Fill(drawn);
        }

        var id = Convert.ToHexStringLower(drawn, _used * IdBytes, IdBytes);
        _used = (_used + 1) % IdsPerDraw;
        return id;
    }
}
