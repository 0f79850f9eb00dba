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
    private readonly string _origin;

    /// <summary>The cookies the host set, as the <c>Cookie</c> header sends them back (every cookie of the host is site-wide).</summary>
    private string? _cookies;

    /// <remarks>
    /// The 200 browsers share the host's two cores, which officers' own machines would not, so each request costs as little
    /// of this program as HttpClient allows while sending the same bytes: headers added as text without being parsed and
    /// validated (Chromium's exact values), cookies kept here instead of in a <see cref="CookieContainer"/> (looked up by
    /// URI on every request), no time-out of HttpClient's own (a linked cancellation source per request; the scenario
    /// bounds a round instead), no activity propagation (the project's runtime settings). Measured in docs/benchmarks.md,
    /// session 19.
    /// </remarks>
    public TaskPageClient(Uri baseAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _origin = baseAddress.GetLeftPart(UriPartial.Authority);
    }

    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

    public sealed record PageResult(HttpStatusCode Status, string Html, double Milliseconds);

    public async Task<PageResult> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = Request(HttpMethod.Get, path);
        using var response = await _client.SendAsync(request, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Remember(response);
        return new PageResult(response.StatusCode, html, elapsed);
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
        using var request = Request(HttpMethod.Post, path);
        request.Content = form;
        request.Headers.TryAddWithoutValidation("Origin", _origin);
        request.Headers.TryAddWithoutValidation("Referer", _origin + path);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var html = response.StatusCode == HttpStatusCode.Redirect ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Remember(response);
        return new PageResult(response.StatusCode, html, elapsed);
    }

    /// <summary>A request with what Chromium sends with a page's requests, and this browser's cookies.</summary>
    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        var headers = request.Headers;
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8");
        headers.TryAddWithoutValidation("Accept-Language", "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7");
        headers.TryAddWithoutValidation("Upgrade-Insecure-Requests", "1");
        if (_cookies is not null)
        {
            headers.TryAddWithoutValidation("Cookie", _cookies);
        }

        return request;
    }

    /// <summary>Keeps the cookies a response set (name and value; the host sets no cookie for a narrower path or another host).</summary>
    private void Remember(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            return;
        }

        var jar = (_cookies ?? string.Empty).Split("; ", StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('=', 2)).ToDictionary(c => c[0], c => c[1], StringComparer.Ordinal);
        foreach (var setCookie in setCookies)
        {
            var pair = setCookie.Split(';', 2)[0].Split('=', 2);
            jar[pair[0].Trim()] = pair.Length > 1 ? pair[1] : string.Empty;
        }

        _cookies = string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}"));
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
