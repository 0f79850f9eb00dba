using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kinerja.Host.Benchmarks;

/// <summary>
/// The REST API as another system uses it: the admin signs in (password from the banner) and makes an API key
/// (<c>POST /api/keys</c> → <c>{"key": …}</c>); instances are started with <c>POST /api/instances</c> and the key in
/// <c>X-Api-Key</c>. The only class to adjust if the API's shape differs from that.
/// </summary>
internal sealed class HostApiClient : IDisposable
{
    private readonly HttpClient _client;
    private string? _key;

    public HostApiClient(Uri baseAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Signs in as the admin through the sign-in page, then makes an API key.</summary>
    public async Task SignInAndCreateKeyAsync(string adminPassword, CancellationToken cancellationToken = default)
    {
        var page = await _client.GetStringAsync(new Uri("/masuk", UriKind.Relative), cancellationToken);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TaskPageClient.AntiForgeryToken(page),
            ["UserName"] = "admin",
            ["Password"] = adminPassword,
        });
        using (var signIn = await _client.PostAsync(new Uri("/masuk", UriKind.Relative), form, cancellationToken))
        {
            if (signIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Signing in as admin gave {(int)signIn.StatusCode}.");
            }
        }

        // A cookie-authenticated write carries the antiforgery token in a header.
        var tokens = await _client.GetFromJsonAsync<JsonObject>(new Uri("/api/antiforgery", UriKind.Relative), cancellationToken)
            ?? throw new InvalidOperationException("GET /api/antiforgery answered nothing.");
        using var keyRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/keys", UriKind.Relative))
        {
            Content = JsonContent.Create(new { name = "bench" }),
        };
        keyRequest.Headers.Add(tokens["headerName"]!.GetValue<string>(), tokens["token"]!.GetValue<string>());
        using var created = await _client.SendAsync(keyRequest, cancellationToken);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"POST /api/keys gave {(int)created.StatusCode}: this host has no REST API yet? Use --start-via timer.");
        }

        var body = await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        _key = body?["key"]?.GetValue<string>() ?? throw new InvalidOperationException("POST /api/keys answered without a key.");
    }

    /// <summary>Starts one instance; returns its id as the API gives it.</summary>
    public async Task<string> StartInstanceAsync(string processKey, string businessKey, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/instances", UriKind.Relative))
        {
            Content = JsonContent.Create(new { processKey, businessKey, variables = new JsonObject() }),
        };
        request.Headers.Add("X-Api-Key", _key ?? throw new InvalidOperationException("No API key: call SignInAndCreateKeyAsync first."));
        using var response = await _client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/instances gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return body?["id"]?.ToString() ?? string.Empty;
    }

    /// <summary>
    /// Starts <paramref name="count"/> instances from <paramref name="clients"/> concurrent callers, instance i not before
    /// <paramref name="window"/> × i / count from now (zero: as fast as they go).
    /// </summary>
    public async Task StartInstancesAsync(string processKey, int count, TimeSpan window, int clients = 8, CancellationToken cancellationToken = default)
    {
        var next = -1;
        var began = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var notBefore = window * i / count;
                if (notBefore > began.Elapsed)
                {
                    await Task.Delay(notBefore - began.Elapsed, cancellationToken);
                }

                await StartInstanceAsync(processKey, $"bench-{i}", cancellationToken);
            }
        }));
    }

    public void Dispose() => _client.Dispose();
}
