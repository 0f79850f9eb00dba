using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// One officer's browser: its own connection and cookie jar (the anti-forgery cookie), no redirects followed. Opens a task
/// link and posts the form back as the page's form does (multipart, with its <c>__RequestVerificationToken</c>).
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
    }

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

        await form.LoadIntoBufferAsync();
        return form;
    }

    /// <summary>Posts a filled task form (<see cref="FillFormAsync"/>); a completed task answers 302 back to the link.</summary>
    public async Task<PageResult> CompleteAsync(string path, MultipartFormDataContent form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = form };
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

    [GeneratedRegex("data-due=\"([^\"]+)\"")]
    private static partial Regex DuePattern();
}
