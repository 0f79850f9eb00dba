using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Startup;

/// <summary>
/// The task-link page, which 200 officers may post to at once, gives MVC nothing to bind: with a handler parameter or
/// a bound property MVC runs its model binding for every request, building value providers from every posted field
/// (3 % of a completion's CPU in the host benchmark, docs/benchmarks.md session 14). MVC's own compiled view of the page says so.
/// </summary>
public sealed class TaskPageBindingTests
{
    [Fact]
    public async Task TheTaskLinkPage_HasHandlersWithoutParameters_AndNoBoundProperties()
    {
        await using var host = await KinerjaHost.StartAsync();
        var descriptor = host.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>()
            .Single(d => d.ViewEnginePath == "/Tugas/Index");

        var page = await host.Services.GetRequiredService<PageLoader>().LoadAsync(descriptor, EndpointMetadataCollection.Empty);

        Assert.Equal(["Get", "Post"], page.HandlerMethods.Select(h => h.HttpMethod).Order(StringComparer.Ordinal));
        Assert.All(page.HandlerMethods, h => Assert.Empty(h.Parameters));
        Assert.Empty(page.BoundProperties);
    }
}
