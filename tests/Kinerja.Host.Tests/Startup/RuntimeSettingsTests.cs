using System.Text.Json;

namespace Kinerja.Host.Tests.Startup;

/// <summary>
/// The runtime settings the host benchmark was measured with (docs/benchmarks.md) are the ones the host ships with:
/// the built host's runtimeconfig.json, copied next to the tests, says so.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TheHostRunsServerGcWithoutDatas_WithDynamicPgo_AndOneThreadPoolWorkerPerCoreThatDoesNotSpin()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Kinerja.Host.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
        Assert.True(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
        Assert.True(properties.GetProperty("System.Threading.ThreadPool.HillClimbing.Disable").GetBoolean());
    }
}
