using System.Net;
using System.Text.Json.Nodes;
using Kinerja.Host.Tests.Support;

namespace Kinerja.Host.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task TheOpenApiDocument_ListsTheApi_WithTheApiKeyScheme()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var anonymous = host.CreateClient();
        var refused = await anonymous.GetAsync("/openapi/v1.json");
        var problem = await refused.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        using var client = (await ApiClients.KeyClientAsync(host)).Client;
        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[]
        {
            "/api/definitions", "/api/definitions/validate", "/api/definitions/{processKey}/versions/{version}/xml",
            "/api/instances", "/api/instances/{id}/migrate", "/api/tasks", "/api/tasks/{taskId}/complete",
            "/api/messages/correlate", "/api/calendars/{name}", "/api/calendars/{name}/due",
            "/api/people", "/api/roles/{group}/members/{personKey}", "/api/skpds", "/api/absences", "/api/keys", "/api/keys/{id}",
        })
        {
            Assert.Contains(path, paths);
        }

        Assert.Equal("X-Api-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/tasks/{taskId}/complete"]!["post"]!["responses"]!["400"]);
    }

    [Fact]
    public async Task Api_ShowsTheBrowsableReference_ToSignedInPeople()
    {
        await using var host = await KinerjaHost.StartAsync();
        using var anonymous = host.CreateClient();
        var toSignIn = await anonymous.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/masuk", toSignIn.Headers.Location?.PathAndQuery ?? toSignIn.Headers.Location?.OriginalString, StringComparison.Ordinal);

        using var client = await ApiClients.AdminAsync(host);
        var redirect = await client.GetAsync("/api");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/api/docs/", redirect.Headers.Location?.OriginalString);

        var page = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal); // resolved against the site root by Scalar's script
        Assert.Contains("<script src=\"scalar.js\">", html, StringComparison.Ordinal);
        var script = await client.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode); // served by the host itself, no CDN
        var document = await client.GetAsync("/openapi/v1.json"); // what the page fetches, with the sign-in cookie
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
