using System.Net;
using System.Text.Json.Nodes;
using Kinerja.Engine.History;
using Kinerja.Host.Organization;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Sop;

/// <summary>
/// Step 2 of the seed SOP on the real host: the 42 SKPD operators open their task links, then all post their data at the
/// same moment. Each post changes the one instance.
/// </summary>
public abstract class SkpdsAnsweringAtOnce : HostWithMailTests
{
    private const string ProcessKey = "sop-pengumpulan-data-kinerja";

    /// <summary>The SKPDs' step: each operator's link and open page.</summary>
    protected sealed record Operator(string Code, HttpClient Browser, string Link, string Html);

    protected Guid InstanceId { get; private set; }

    /// <summary>Settings of the class; 42 operators from this one test process share an address, so the link limit is lifted.</summary>
    protected virtual IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    protected sealed override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(MoreSettings) { ["Kinerja:Links:PermitsPerMinute"] = "100000" };

    protected static Dictionary<string, string> Answer(string code) => new() { ["capaianKinerja"] = $"Capaian {code}", ["jumlahIndikator"] = "12" };

    /// <summary>Steps 1 and 2 through their links, then every operator's page opened.</summary>
    protected async Task<List<Operator>> OpenTheSkpdStepAsync()
    {
        var skpd = DemoOrganization.PerangkatDaerah.Select(p => (JsonNode?)p.Code).ToArray();
        InstanceId = (await Host.Engine.StartAsync(ProcessKey, new Dictionary<string, JsonNode?> { ["skpd"] = new JsonArray(skpd) }, "LKjIP-2025", "admin")).Id;
        await Host.RunDueAsync();
        using var office = Host.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await TaskPage.CompleteAsync(office, LinkTo(DemoOrganization.Kabag), new Dictionary<string, string> { ["catatanDisposisi"] = "Kumpulkan." })).StatusCode);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.Redirect, (await TaskPage.CompleteAsync(office, LinkTo(DemoOrganization.Kasubbag), new Dictionary<string, string> { ["batasWaktuSkpd"] = "2026-03-13" })).StatusCode);
        await Host.AdvanceAsync(TimeSpan.FromMinutes(1));

        var operators = new List<Operator>();
        foreach (var code in DemoOrganization.PerangkatDaerah.Select(p => p.Code))
        {
            var browser = Host.CreateClient();
            var link = LinkTo(DemoOrganization.OperatorKey(code));
            var (status, html) = await TaskPage.OpenAsync(browser, link);
            Assert.Equal(HttpStatusCode.OK, status);
            operators.Add(new Operator(code, browser, link, html));
        }

        return operators;
    }

    /// <summary>Every operator's form, released at one instant; the answers' status and page, in the operators' order.</summary>
    protected static async Task<(HttpStatusCode Status, string Html)[]> PostAllAtOnceAsync(IReadOnlyList<Operator> operators)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = operators.Select(async o =>
        {
            using var form = TaskPage.Form(o.Html, Answer(o.Code));
            await go.Task;
            using var response = await o.Browser.PostAsync(o.Link, form);
            return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }).ToList();
        go.SetResult();
        return await Task.WhenAll(posts);
    }

    protected async Task AssertTheStepMovedOnOnceAsync()
    {
        var history = await Host.Engine.GetHistoryAsync(InstanceId);
        Assert.Equal(42, history.Count(h => h.Kind == HistoryKind.TaskCompleted && h.ElementId == "Task_SajikanDataSkpd"));
        Assert.Single(history, h => h.Kind == HistoryKind.TaskCreated && h.ElementId == "Task_Kompilasi");
        Assert.Equal("Task_Kompilasi", Assert.Single((await Host.Engine.GetInstanceAsync(InstanceId)).Tasks).ElementId);
    }

    private string LinkTo(string personKey)
    {
        var mail = Assert.Single(Smtp.To($"{personKey}@{DemoOrganization.MailDomain}"), m => (m.Subject ?? string.Empty).StartsWith("[Tugas baru]", StringComparison.Ordinal));
        return TaskPage.LinkIn(mail);
    }
}

/// <summary>With the host's defaults: all 42 are answered as completed, none refused for arriving together.</summary>
public sealed class SkpdsAnsweringAtOnceTests : SkpdsAnsweringAtOnce
{
    [Fact]
    public async Task FortyTwoOperatorsPostingAtOnce_AllComplete_AndCompilationStartsOnce()
    {
        var operators = await OpenTheSkpdStepAsync();

        var answers = await PostAllAtOnceAsync(operators);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.Status));
        await AssertTheStepMovedOnOnceAsync();
        operators.ForEach(o => o.Browser.Dispose());
    }
}

/// <summary>
/// With one attempt per command, a post that finds the instance changed since its page read it is not tried again: the
/// officer gets the form back with a clear message (409, not a server error), nothing of theirs saved, and may send it again.
/// </summary>
public sealed class SkpdsAnsweringAtOnceWithOneAttemptTests : SkpdsAnsweringAtOnce
{
    protected override IDictionary<string, string?> MoreSettings => new Dictionary<string, string?> { ["Kinerja:Engine:MaxCommandAttempts"] = "1" };

    [Fact]
    public async Task APostThatLostTheRace_GetsItsFormBackWithAMessage_AndSendingItAgainCompletes()
    {
        var operators = await OpenTheSkpdStepAsync();

        var answers = await PostAllAtOnceAsync(operators);

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Redirect or HttpStatusCode.Conflict, $"{a.Status}"));
        var refused = operators.Where((_, i) => answers[i].Status == HttpStatusCode.Conflict).ToList();
        Assert.NotEmpty(refused); // 42 posts at once: those that read the instance before another's commit lose, with one attempt
        foreach (var (o, (_, html)) in operators.Zip(answers).Where(p => p.Second.Status == HttpStatusCode.Conflict))
        {
            Assert.Contains("data-error=\"changed-meanwhile\"", html, StringComparison.Ordinal);
            Assert.Contains("belum tersimpan", html, StringComparison.Ordinal);
            Assert.Contains($">Capaian {o.Code}</textarea>", html, StringComparison.Ordinal); // what was entered comes back
        }

        var completed = (await Host.Engine.GetHistoryAsync(InstanceId)).Count(h => h.Kind == HistoryKind.TaskCompleted && h.ElementId == "Task_SajikanDataSkpd");
        Assert.Equal(42 - refused.Count, completed);

        foreach (var o in refused)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await TaskPage.CompleteAsync(o.Browser, o.Link, Answer(o.Code))).StatusCode);
        }

        await AssertTheStepMovedOnOnceAsync();
        operators.ForEach(o => o.Browser.Dispose());
    }
}
