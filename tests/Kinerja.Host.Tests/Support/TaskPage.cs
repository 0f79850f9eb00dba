using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Kinerja.Host.Tests.Support;

/// <summary>What an officer does with a mail: find the task link, open it, fill the form, post it.</summary>
public static partial class TaskPage
{
    /// <summary>The path of the task link in a mail (its absolute base is the configured public URL).</summary>
    public static string LinkIn(MimeMessage mail)
    {
        var match = LinkPattern().Match(mail.TextBody ?? string.Empty);
        Assert.True(match.Success, $"No task link in mail '{mail.Subject}'.");
        Assert.Contains(match.Value, mail.HtmlBody, StringComparison.Ordinal);
        return new Uri(match.Value).PathAndQuery;
    }

    public static async Task<(HttpStatusCode Status, string Html)> OpenAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the page and posts the form with its anti-forgery token; returns the response.</summary>
    public static async Task<HttpResponseMessage> CompleteAsync(HttpClient client, string path, IDictionary<string, string> fields, params (string Name, byte[] Content)[] files)
    {
        var (status, html) = await OpenAsync(client, path);
        Assert.True(status == HttpStatusCode.OK, $"Opening {path} gave {status}: {Text(html)}");
        using var form = Form(html, fields, files);
        return await client.PostAsync(path, form);
    }

    /// <summary>The page's form as its browser posts it: the page's anti-forgery token, the fields, the documents.</summary>
    public static MultipartFormDataContent Form(string html, IDictionary<string, string> fields, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(AntiForgeryToken(html)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "dokumen", name);
        }

        return form;
    }

    public static string AntiForgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "No anti-forgery token on the page.");
        return match.Groups[1].Value;
    }

    /// <summary>The visible text of a page, roughly, for failure messages.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(TagPattern().Replace(html, " "));

    [GeneratedRegex(@"https://kinerja\.test/tugas/[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
