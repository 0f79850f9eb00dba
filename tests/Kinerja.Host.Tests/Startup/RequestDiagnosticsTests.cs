using System.Collections.Concurrent;
using System.Diagnostics;
using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Startup;

/// <summary>
/// ASP.NET Core starts an <see cref="Activity"/> and a logging scope for every request whenever its hosting logger
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) is on at any level: a random trace id, a scope pushed on every
/// logger, some 2–3 % of a task completion's CPU when 200 officers post at once (docs/benchmarks.md, session 19). That
/// logger only writes "request starting/finished" at Information, which the host's settings drop anyway, so it is off
/// (appsettings.json); nothing here listens for activities.
/// </summary>
public sealed class RequestDiagnosticsTests
{
    [Fact]
    public async Task ARequest_RunsWithoutAnActivityOfItsOwn()
    {
        var seen = new ConcurrentQueue<Activity?>();
        await using var host = await KinerjaHost.StartAsync(services: s => s.AddSingleton<IStartupFilter>(new Watch(seen)));
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/masuk", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        Assert.Null(Assert.Single(seen));
    }

    /// <summary>Runs before the host's own middleware and notes the activity the request came with.</summary>
    private sealed class Watch(ConcurrentQueue<Activity?> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                seen.Enqueue(Activity.Current);
                await inner(context);
            });
            next(app);
        };
    }
}
