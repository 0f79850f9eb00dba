using Kinerja.Host;

var builder = WebApplication.CreateBuilder(args);
builder.AddKinerjaHost();

var app = builder.Build();
app.MapKinerjaHost();
await app.StartKinerjaAsync();
await app.RunAsync();

/// <summary>The host's entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
