namespace Kinerja.Host.Tests.Support;

/// <summary>
/// A test class whose every test gets its own host on fresh files, with a real SMTP server receiving its mail:
/// both started before the test and stopped after it.
/// </summary>
public abstract class HostWithMailTests : IAsyncLifetime
{
    protected TestSmtpServer Smtp { get; } = new();

    protected KinerjaHost Host { get; private set; } = null!;

    /// <summary>More settings (Kinerja:…) for this class's hosts.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        Host = await KinerjaHost.StartAsync(Smtp, settings: Settings);
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
