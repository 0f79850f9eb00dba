using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Startup;

/// <summary>
/// The real host process stops cleanly on SIGTERM (a service manager's stop, <c>docker stop</c>): exit code 0, the
/// Hangfire server and the web server shut down without errors, and the next start finds its data as it was left.
/// </summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kinerja-shutdown-").FullName;

    [Fact]
    public async Task Sigterm_StopsTheHostCleanly_AndTheNextStartReusesItsData()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kinerja__DataFolder"] = Path.Combine(_folder, "data"),
            ["Kinerja__WorkflowsFolder"] = RepoPaths.Workflows,
        };
        using (var first = HostProcess.Start(_folder, environment))
        {
            await first.WaitForBannerAsync(TimeSpan.FromSeconds(90));
            Assert.Contains("sop-pengumpulan-data-kinerja v1 (baru)", first.Stdout, StringComparison.Ordinal);

            await first.TerminateAsync();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(45));

            Assert.Equal(0, first.ExitCode);
            Assert.Contains("Application is shutting down", first.Stdout, StringComparison.Ordinal);
            AssertNoErrors(first);
        }

        // The second start migrates nothing, seeds nothing and deploys nothing new: the same v1, not "(baru)".
        using var second = HostProcess.Start(_folder, environment);
        await second.WaitForBannerAsync(TimeSpan.FromSeconds(90));
        Assert.Contains("sop-pengumpulan-data-kinerja v1", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("(baru)", second.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("password '", second.Stdout, StringComparison.Ordinal); // the admin exists: no new password
        await second.TerminateAsync();
        await second.WaitForExitAsync(TimeSpan.FromSeconds(45));
        Assert.Equal(0, second.ExitCode);
        AssertNoErrors(second);
    }

    private static void AssertNoErrors(HostProcess host)
    {
        var output = host.Stdout + host.Stderr;
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
