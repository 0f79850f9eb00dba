using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// One officer's browser: its own connection and cookie jar (the anti-forgery cookie), no redirects followed, and the
/// headers Chromium sends with a page's requests. Opens a task link and posts the form back as the page's form does
/// (multipart, with its <c>__RequestVerificationToken</c>, and an empty file part for a file input with nothing chosen).
/// </summary>
internal sealed partial class TaskPageClient : IDisposable
{
    private readonly HttpClient _client;

    public TaskPageClient(Uri baseAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(120),
        };
        var headers = _client.DefaultRequestHeaders;
        headers.UserAgent.ParseAdd(UserAgent);
        headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8");
        headers.AcceptLanguage.ParseAdd("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7");
        headers.Add("Upgrade-Insecure-Requests", "1");
    }

    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

    public sealed record PageResult(HttpStatusCode Status, string Html, double Milliseconds);

    public async Task<PageResult> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        return new PageResult(response.StatusCode, html, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// The task form of an opened page, filled in, as the browser will send it (multipart, with the page's token), its body
    /// already encoded: like a browser's, it is ready before the officer presses the button.
    /// </summary>
    public static async Task<MultipartFormDataContent> FillFormAsync(string pageHtml, IDictionary<string, string> fields)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken(pageHtml)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        // A file input with no file chosen is still sent: a part with an empty file name and no content.
        foreach (Match input in FileInputPattern().Matches(pageHtml))
        {
            var nothingChosen = new ByteArrayContent([]);
            nothingChosen.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            nothingChosen.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data")
            {
                Name = $"\"{input.Groups[1].Value}\"",
                FileName = "\"\"",
            };
            form.Add(nothingChosen);
        }

        await form.LoadIntoBufferAsync();
        return form;
    }

    /// <summary>Posts a filled task form (<see cref="FillFormAsync"/>); a completed task answers 302 back to the link.</summary>
    public async Task<PageResult> CompleteAsync(string path, MultipartFormDataContent form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = form };
        request.Headers.Referrer = new Uri(_client.BaseAddress!, path);
        request.Headers.Add("Origin", _client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var html = response.StatusCode == HttpStatusCode.Redirect ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken);
        return new PageResult(response.StatusCode, html, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public static string AntiForgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("No anti-forgery token on the page.");
    }

    /// <summary>The path of the task link in a mail's text.</summary>
    public static string? LinkIn(string text) => LinkPattern().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The task's due instant as the open task page gives it (<c>data-due</c>, round-trip format).</summary>
    public static DateTimeOffset? DueOn(string html) =>
        DuePattern().Match(html) is { Success: true } m
            ? DateTimeOffset.Parse(WebUtility.HtmlDecode(m.Groups[1].Value), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"https?://[^/\s]+(/tugas/[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<input type=\"file\"[^>]* name=\"([^\"]+)\"")]
    private static partial Regex FileInputPattern();

    [GeneratedRegex("data-due=\"([^\"]+)\"")]
    private static partial Regex DuePattern();
}
