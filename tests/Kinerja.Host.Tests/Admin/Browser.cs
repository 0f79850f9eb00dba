using System.Net;
using System.Text.RegularExpressions;
using Kinerja.Host.Security;
using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Admin;

/// <summary>
/// A person at the host over real HTTP: signs in through /masuk, reads pages, and posts forms the way a browser
/// does, with the anti-forgery token of the page the form is on.
/// </summary>
internal sealed partial class Browser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public static async Task<Browser> SignInAsync(KinerjaHost host, string userName, string password)
    {
        var browser = new Browser(host.CreateClient());
        var response = await browser.TrySignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public static Task<Browser> SignInAsAdminAsync(KinerjaHost host) => SignInAsync(host, "admin", host.Startup.AdminPassword!);

    /// <summary>Makes a sign-in account for a person of the demo organisation, as the admin page would.</summary>
    public static async Task CreateAccountAsync(KinerjaHost host, string personKey, string password)
    {
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KinerjaUser>>();
        var result = await users.CreateAsync(new KinerjaUser { UserName = personKey, PersonKey = personKey, EmailConfirmed = true }, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public async Task<HttpResponseMessage> TrySignInAsync(string userName, string password) =>
        await PostFormAsync("/masuk", [new("UserName", userName), new("Password", password)]);

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(new Uri(url, UriKind.Relative));

    /// <summary>GETs a page that must answer 200 and returns its text with HTML entities decoded.</summary>
    public async Task<string> PageAsync(string url)
    {
        var response = await GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode}\n{Shorten(html)}");
        return WebUtility.HtmlDecode(html);
    }

    /// <summary>Opens <paramref name="pageUrl"/>, takes its anti-forgery token, and posts the fields to <paramref name="action"/> (default: the page).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var token = await TokenAsync(pageUrl);
        using var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await Client.PostAsync(new Uri(action ?? pageUrl, UriKind.Relative), content);
    }

    public async Task<HttpResponseMessage> PostMultipartAsync(string pageUrl, MultipartFormDataContent content, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Add(new StringContent(await TokenAsync(pageUrl)), "__RequestVerificationToken");
        return await Client.PostAsync(new Uri(action ?? pageUrl, UriKind.Relative), content);
    }

    public async Task<string> TokenAsync(string pageUrl)
    {
        var response = await GetAsync(pageUrl);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No anti-forgery token on {pageUrl} ({(int)response.StatusCode})");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<string> TextAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    public static string Shorten(string text) => text.Length <= 3000 ? text : text[..3000];

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
