using Kinerja.Host.Data;
using Kinerja.Host.Tests.Support;
using Kinerja.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Data;

/// <summary>
/// On SQLite a host holds its data folder while it runs, and its store counts on being the database's only writer;
/// hosts that share the database are told so, and then neither holds the folder nor trusts its copies. (A second host
/// process refused with one line on stderr: <see cref="Startup.SettingsErrorTests"/>.)
/// </summary>
public sealed class DataFolderLockTests
{
    [Fact]
    public async Task ASecondHostOnTheFolder_IsRefused_UntilTheFirstStops()
    {
        await using var first = await KinerjaHost.StartAsync();
        Assert.True(first.Services.GetRequiredService<EfWorkflowStore>().SoleWriter);

        // In this process the host's entry point stops with the settings' message, so the factory sees no host built.
        var refused = Assert.Throws<InvalidOperationException>(() => first.Beside());
        Assert.Contains("without ever building", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(first.DataFolder, DataFolderLock.FileName)));

        await first.RestartAsync(); // the host that stopped let go of the folder; the one started after it holds it
        Assert.True(first.Services.GetRequiredService<EfWorkflowStore>().SoleWriter);
        Assert.Throws<InvalidOperationException>(() => first.Beside());
    }

    [Fact]
    public async Task HostsToldTheyShareTheDatabase_RunSideBySide_AndAskItForEveryInstancesRevision()
    {
        await using var first = await KinerjaHost.StartAsync(settings: new Dictionary<string, string?> { ["Kinerja:Database:SharedWithOtherHosts"] = "true" });
        await using var other = first.Beside();

        Assert.False(first.Services.GetRequiredService<EfWorkflowStore>().SoleWriter);
        Assert.False(other.Services.GetRequiredService<EfWorkflowStore>().SoleWriter);
    }
}
