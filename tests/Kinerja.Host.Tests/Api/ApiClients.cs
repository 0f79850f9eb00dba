using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kinerja.Host.Security;
using Kinerja.Host.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Kinerja.Host.Tests.Api;

/// <summary>HTTP clients for the API as its callers are: a signed-in admin, a signed-in officer, a system with an API key.</summary>
public static partial class ApiClients
{
    public const string SeedProcess = "sop-pengumpulan-data-kinerja";

    /// <summary>Signs in through the /masuk page (with its antiforgery token) and keeps the cookie.</summary>
    public static async Task<HttpClient> SignedInAsync(KinerjaHost host, string userName, string password, bool withAntiforgeryHeader = true)
    {
        var client = host.CreateClient();
        var page = await client.GetStringAsync("/masuk");
        var token = TokenField().Match(page);
        Assert.True(token.Success, "the sign-in page carries an antiforgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        var response = await client.PostAsync("/masuk", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (withAntiforgeryHeader)
        {
            var tokens = await client.GetFromJsonAsync<JsonObject>("/api/antiforgery");
            client.DefaultRequestHeaders.Add(tokens!["headerName"]!.GetValue<string>(), tokens["token"]!.GetValue<string>());
        }

        return client;
    }

    public static Task<HttpClient> AdminAsync(KinerjaHost host, bool withAntiforgeryHeader = true) =>
        SignedInAsync(host, "admin", host.Startup.AdminPassword!, withAntiforgeryHeader);

    /// <summary>Makes a sign-in account for an officer of the organisation and signs them in.</summary>
    public static async Task<HttpClient> OfficerAsync(KinerjaHost host, string personKey)
    {
        const string password = "Rahasia-Petugas-2026!";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<KinerjaUser>>();
            var created = await users.CreateAsync(new KinerjaUser { UserName = personKey, PersonKey = personKey, Email = $"{personKey}@buleleng.example" }, password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        return await SignedInAsync(host, personKey, password);
    }

    /// <summary>An admin makes a key; the returned client sends it, and nothing else, with every call.</summary>
    public static async Task<(HttpClient Client, string Key, int Id)> KeyClientAsync(KinerjaHost host, string name = "e-kinerja")
    {
        using var admin = await AdminAsync(host);
        var response = await admin.PostAsJsonAsync("/api/keys", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>();
        var key = created!["key"]!.GetValue<string>();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(ApiAuthentication.HeaderName, key);
        return (client, key, created["id"]!.GetValue<int>());
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.JsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        return problem;
    }

    public static async Task<JsonArray> ArrayAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    public static IEnumerable<JsonObject> Objects(this JsonNode? array) => array!.AsArray().Select(n => n!.AsObject());

    public static string Text(this JsonNode? node) => node!.GetValue<string>();

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
