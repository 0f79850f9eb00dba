using System.Text.Json.Nodes;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Security;

/// <summary>A host with the seed SOP started for one SKPD: the Kabag has the first step's mail and its task link.</summary>
public abstract class DisposisiLinkTests : HostWithMailTests
{
    /// <summary>A browser without a sign-in, as an officer opening the mail's link.</summary>
    protected HttpClient LinkBrowser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        LinkBrowser = Host.CreateClient();
        await Host.Engine.StartAsync("sop-pengumpulan-data-kinerja", new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray("dinkes") }, "LKjIP-2025", "admin");
        await Host.RunDueAsync();
    }

    public override async Task DisposeAsync()
    {
        LinkBrowser.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>The path of the link in the Kabag's mail (the first step, Task_Disposisi).</summary>
    protected string KabagLink() => TaskPage.LinkIn(Assert.Single(Smtp.To($"{DemoOrganization.Kabag}@{DemoOrganization.MailDomain}")));
}
