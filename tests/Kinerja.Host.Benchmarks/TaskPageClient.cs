using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// One officer's browser: its own connection and cookie jar (the anti-forgery cookie), no redirects followed, and the
/// headers Chromium sends with a page's requests. Opens a task link and posts the form back as the page does with no
/// document chosen (URL-encoded, with its <c>__RequestVerificationToken</c> and the empty file input).
/// </summary>
/// <remarks>
/// The 200 browsers share the host's two cores, which the officers' own machines would not, so each request costs as
/// little of this program as it can: HTTP/1.1 written and read here over the browser's own keep-alive socket (a request's
/// bytes in one send; the answer read to its end by <c>Content-Length</c> or chunks), instead of HttpClient's connection
/// pool, header collections and content streams. The headers are what HttpClient sent before (session 19). Measured in
/// docs/benchmarks.md, session 21.
/// </remarks>
internal sealed partial class TaskPageClient : IDisposable
{
    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

    private readonly DnsEndPoint _endPoint;
    private readonly string _authority;
    private readonly string _origin;
    private Socket? _socket;

    /// <summary>Bytes received and not yet read: <c>_received[_read.._filled]</c>.</summary>
    private byte[] _received = new byte[16 * 1024];
    private int _read;
    private int _filled;

    /// <summary>The cookies the host set, as the <c>Cookie</c> header sends them back (every cookie of the host is site-wide).</summary>
    private string? _cookies;

    public TaskPageClient(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (baseAddress.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"The benchmark's browsers speak plain HTTP; {baseAddress} is not.", nameof(baseAddress));
        }

        _endPoint = new DnsEndPoint(baseAddress.Host, baseAddress.Port);
        _authority = baseAddress.Authority;
        _origin = baseAddress.GetLeftPart(UriPartial.Authority);
    }

    public sealed record PageResult(HttpStatusCode Status, string Html, double Milliseconds);

    /// <summary>A filled form as the browser sends it: its media type and body.</summary>
    public sealed record FilledForm(string ContentType, byte[] Body);

    public async Task<PageResult> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await ExchangeAsync(Head("GET", path, form: null), body: null, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new PageResult(response.Status, response.Text, elapsed);
    }

    /// <summary>
    /// The task form of an opened page, filled in, as the page's script sends it when no document is chosen: URL-encoded,
    /// the fields in the page's order, the file input as its (empty) file name, the page's anti-forgery token last, where
    /// the form has it. Like a browser's, it is ready before the officer presses the button.
    /// </summary>
    public static FilledForm FillForm(string pageHtml, IDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var pairs = fields.Select(f => (f.Key, f.Value))
            .Concat(FileInputPattern().Matches(pageHtml).Select(input => (input.Groups[1].Value, string.Empty)))
            .Append(("__RequestVerificationToken", AntiForgeryToken(pageHtml)));
        var body = string.Join('&', pairs.Select(p => $"{FormEncode(p.Item1)}={FormEncode(p.Item2)}"));
        return new FilledForm("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(body));
    }

    /// <summary>application/x-www-form-urlencoded as browsers write it: a space as <c>+</c>.</summary>
    private static string FormEncode(string text) => Uri.EscapeDataString(text).Replace("%20", "+", StringComparison.Ordinal);

    /// <summary>Posts a filled task form (<see cref="FillForm"/>); a completed task answers 302 back to the link.</summary>
    public async Task<PageResult> CompleteAsync(string path, FilledForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var started = Stopwatch.GetTimestamp();
        var response = await ExchangeAsync(Head("POST", path, form), form.Body, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new PageResult(response.Status, response.Status == HttpStatusCode.Redirect ? string.Empty : response.Text, elapsed);
    }

    /// <summary>A request's line and headers: what Chromium sends with a page's requests, and this browser's cookies.</summary>
    private byte[] Head(string method, string path, FilledForm? form)
    {
        var head = new StringBuilder(512)
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(_authority).Append("\r\n")
            .Append("User-Agent: ").Append(UserAgent).Append("\r\n")
            .Append("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8\r\n")
            .Append("Accept-Language: id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7\r\n")
            .Append("Upgrade-Insecure-Requests: 1\r\n");
        if (_cookies is not null)
        {
            head.Append("Cookie: ").Append(_cookies).Append("\r\n");
        }

        if (form is not null)
        {
            head.Append("Origin: ").Append(_origin).Append("\r\n")
                .Append("Referer: ").Append(_origin).Append(path).Append("\r\n")
                .Append("Content-Type: ").Append(form.ContentType).Append("\r\n")
                .Append("Content-Length: ").Append(form.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    private sealed record Response(HttpStatusCode Status, string Text);

    /// <summary>Sends one request (head and body in one write) and reads its whole answer, keeping the cookies it sets.</summary>
    private async Task<Response> ExchangeAsync(byte[] head, byte[]? body, CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await _socket.ConnectAsync(_endPoint, cancellationToken);
        }

        var request = body is null ? head : [.. head, .. body];
        var sent = 0;
        while (sent < request.Length)
        {
            sent += await _socket.SendAsync(request.AsMemory(sent), SocketFlags.None, cancellationToken);
        }

        return await ReadResponseAsync(cancellationToken);
    }

    private async Task<Response> ReadResponseAsync(CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = _received.AsSpan(_read, _filled - _read).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await ReceiveAsync(cancellationToken);
        }

        var lines = Encoding.ASCII.GetString(_received, _read, headEnd).Split("\r\n");
        _read += headEnd + 4;
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Not an HTTP/1.x answer: '{lines[0]}'.");
        }

        var status = (HttpStatusCode)int.Parse(statusLine[1], CultureInfo.InvariantCulture);
        long? length = null;
        var chunked = false;
        var closes = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                closes = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                Remember(value);
            }
        }

        var body = new MemoryStream();
        if (chunked)
        {
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(cancellationToken)).Split(';', 2)[0].Trim(), 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync(cancellationToken)).Length > 0)
                    {
                        // trailers
                    }

                    break;
                }

                await CopyAsync(body, size, cancellationToken);
                await ReadLineAsync(cancellationToken);
            }
        }
        else if (length is { } contentLength)
        {
            await CopyAsync(body, checked((int)contentLength), cancellationToken);
        }
        else if ((int)status is not (204 or 304) and >= 200)
        {
            closes = true; // the body ends with the connection
            while (await ReceiveAsync(cancellationToken, endOk: true))
            {
            }

            body.Write(_received, _read, _filled - _read);
            _read = _filled;
        }

        if (closes)
        {
            _socket?.Dispose();
            _socket = null;
            _read = _filled = 0;
        }

        return new Response(status, Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = _received.AsSpan(_read, _filled - _read).IndexOf("\r\n"u8)) < 0)
        {
            await ReceiveAsync(cancellationToken);
        }

        var line = Encoding.ASCII.GetString(_received, _read, end);
        _read += end + 2;
        return line;
    }

    private async Task CopyAsync(MemoryStream body, int count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_read == _filled)
            {
                await ReceiveAsync(cancellationToken);
            }

            var take = Math.Min(count, _filled - _read);
            body.Write(_received, _read, take);
            _read += take;
            count -= take;
        }
    }

    /// <summary>Receives more bytes after those not yet read; false at the end of the connection when <paramref name="endOk"/>.</summary>
    private async Task<bool> ReceiveAsync(CancellationToken cancellationToken, bool endOk = false)
    {
        if (_read > 0)
        {
            _received.AsSpan(_read, _filled - _read).CopyTo(_received);
            _filled -= _read;
            _read = 0;
        }

        if (_filled == _received.Length)
        {
            Array.Resize(ref _received, _received.Length * 2);
        }

        var received = await _socket!.ReceiveAsync(_received.AsMemory(_filled), SocketFlags.None, cancellationToken);
        if (received == 0)
        {
            return endOk ? false : throw new IOException("The host closed the connection in the middle of an answer.");
        }

        _filled += received;
        return true;
    }

    /// <summary>Keeps a cookie a response set (name and value; the host sets no cookie for a narrower path or another host).</summary>
    private void Remember(string setCookie)
    {
        var jar = (_cookies ?? string.Empty).Split("; ", StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.Split('=', 2)).ToDictionary(c => c[0], c => c[1], StringComparer.Ordinal);
        var pair = setCookie.Split(';', 2)[0].Split('=', 2);
        jar[pair[0].Trim()] = pair.Length > 1 ? pair[1] : string.Empty;
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

    public void Dispose() => _socket?.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"https?://[^/\s]+(/tugas/[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<input type=\"file\"[^>]* name=\"([^\"]+)\"")]
    private static partial Regex FileInputPattern();

    [GeneratedRegex("data-due=\"([^\"]+)\"")]
    private static partial Regex DuePattern();
}
