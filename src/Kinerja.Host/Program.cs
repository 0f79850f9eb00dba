using Kinerja.Host;
using Kinerja.Host.Configuration;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddKinerjaHost();
}
catch (SettingsException ex)
{
    // A deployer's mistake, not a crash: say which setting, without a stack trace.
    await Console.Error.WriteLineAsync($"Kinerja Workflows cannot start: {ex.Message}");
    return 2;
}

var app = builder.Build();
app.MapKinerjaHost();
await app.StartKinerjaAsync();
await app.RunAsync();
return 0;

/// <summary>The host's entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
