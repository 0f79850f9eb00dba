using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Mvc.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Security;

/// <summary>
/// A task link's completing post is answered before MVC (<c>TaskLinkPostShortcut</c>); every other post reaches the page
/// as before, a signed-in officer's included, and the link limit counts them all.
/// </summary>
public sealed class TaskLinkPostShortcutTests : DisposisiLinkTests
{
    private const string OfficerPassword = "Petugas#Kinerja2026";

    private async Task<HumanTaskStatus> DisposisiStatusAsync() =>
        Assert.Single((await Host.Engine.QueryTasksAsync(new Kinerja.Engine.Storage.TaskQuery { ElementId = "Task_Disposisi", Status = null })).Items).Status;

    [Fact]
    public async Task ACompletingPost_IsAnsweredBeforeMvc_AndAPostWithErrors_IsShownByThePage()
    {
        using var mvc = new MvcActions(Host.Services.GetRequiredService<DiagnosticListener>());
        var link = KabagLink();

        var invalid = await TaskPage.CompleteAsync(LinkBrowser, link, new Dictionary<string, string> { ["catatanDisposisi"] = "   " });
        var valid = await TaskPage.CompleteAsync(LinkBrowser, link, new Dictionary<string, string> { ["catatanDisposisi"] = "Kumpulkan." });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("data-field=\"catatanDisposisi\"", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, valid.StatusCode);
        Assert.Equal(link, valid.Headers.Location!.OriginalString);
        Assert.Equal(HumanTaskStatus.Completed, await DisposisiStatusAsync());
        // Both pages were opened through MVC, and the post it had to show; the completing post never reached it.
        Assert.Equal(["GET " + link, "POST " + link, "GET " + link], mvc.Requests);
    }

    [Fact]
    public async Task ASignedInOfficer_CompletesTheirTaskThroughTheLink_WithTheirOwnAntiForgeryToken()
    {
        await Admin.Browser.CreateAccountAsync(Host, DemoOrganization.Kabag, OfficerPassword);
        using var officer = await Admin.Browser.SignInAsync(Host, DemoOrganization.Kabag, OfficerPassword);

        // The page's token is bound to the signed-in user, whom only authentication (after the shortcut) knows.
        var response = await TaskPage.CompleteAsync(officer.Client, KabagLink(), new Dictionary<string, string> { ["catatanDisposisi"] = "Kumpulkan." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HumanTaskStatus.Completed, await DisposisiStatusAsync());
    }

    [Fact]
    public async Task CompletingPosts_CountAgainstTheLinkLimitOfTheirAddress()
    {
        var link = KabagLink();
        var (_, html) = await TaskPage.OpenAsync(LinkBrowser, link);
        for (var i = 1; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TaskPage.OpenAsync(LinkBrowser, link)).Status);
        }

        using var form = TaskPage.Form(html, new Dictionary<string, string> { ["catatanDisposisi"] = "Kumpulkan." });
        var response = await LinkBrowser.PostAsync(link, form);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(HumanTaskStatus.Open, await DisposisiStatusAsync());
    }

    [Fact]
    public async Task AFormWithTooManyFields_IsABadRequest_AndChangesNothing()
    {
        var link = KabagLink();
        var (_, html) = await TaskPage.OpenAsync(LinkBrowser, link);
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x"))
            .Append(new("__RequestVerificationToken", TaskPage.AntiForgeryToken(html)));
        using var form = new FormUrlEncodedContent(fields);

        var response = await LinkBrowser.PostAsync(link, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HumanTaskStatus.Open, await DisposisiStatusAsync());
    }

    /// <summary>The requests MVC ran an action or page for, as "METHOD path", from the host's own diagnostic events.</summary>
    private sealed class MvcActions : IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly ConcurrentQueue<string> _requests = new();
        private readonly IDisposable _subscription;

        public MvcActions(DiagnosticListener listener) =>
            _subscription = listener.Subscribe(this, (name, _, _) => name == BeforeActionEventData.EventName);

        public IReadOnlyList<string> Requests => [.. _requests];

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is BeforeActionEventData { HttpContext.Request: var request })
            {
                _requests.Enqueue($"{request.Method} {request.Path}");
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose() => _subscription.Dispose();
    }
}
