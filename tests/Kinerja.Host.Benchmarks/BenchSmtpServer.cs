using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Kinerja.Host.Benchmarks;

/// <summary>One message as the SMTP server took it: when its DATA ended, and what it said.</summary>
internal sealed record ReceivedMail(
    int Sequence, DateTimeOffset ArrivedAt, string MessageId, string KinerjaMailId, string Subject, string To, string TextBody)
{
    /// <summary>The engine task the mail is about: <c>X-Kinerja-Mail</c> is <c>{taskId}:{kind}:{n}/{personKey}</c>.</summary>
    public string? TaskId => KinerjaMailId.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? KinerjaMailId[..colon] : null;
}

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port, in this process. It stamps each message with the
/// wall-clock instant its DATA ended before doing anything else, and keeps the bytes; MIME parsing happens later, on
/// the benchmark's side of the work, so the server's own cost while the host sends is one copy per message.
/// </summary>
internal sealed class BenchSmtpServer : IAsyncDisposable
{
    private readonly Store _store = new();
    private readonly List<ReceivedMail> _parsed = [];
    private readonly Lock _parseLock = new();
    private CancellationTokenSource? _running;
    private Task? _serving;

    public int Port { get; } = FreePort();

    public int Count => _store.Count;

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        var server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _serving = server.StartAsync(_running.Token);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException($"The benchmark's SMTP server did not start on port {Port}.");
    }

    /// <summary>Every message received so far, in order of arrival, parsed.</summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        lock (_parseLock)
        {
            var raw = _store.Raw;
            for (var i = _parsed.Count; i < raw.Count; i++)
            {
                var (arrived, bytes) = raw[i];
                using var stream = new MemoryStream(bytes);
                var message = MimeMessage.Load(stream);
                _parsed.Add(new ReceivedMail(
                    i,
                    arrived,
                    message.MessageId ?? string.Empty,
                    message.Headers["X-Kinerja-Mail"] ?? string.Empty,
                    message.Subject ?? string.Empty,
                    string.Join(",", message.To.Mailboxes.Select(m => m.Address)),
                    message.TextBody ?? string.Empty));
            }

            return _parsed.ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync();
        try
        {
            await _serving!;
        }
        catch (OperationCanceledException)
        {
        }

        _running.Dispose();
        _running = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        private readonly Lock _lock = new();
        private readonly List<(DateTimeOffset, byte[])> _raw = [];

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _raw.Count;
                }
            }
        }

        public IReadOnlyList<(DateTimeOffset Arrived, byte[] Bytes)> Raw
        {
            get
            {
                lock (_lock)
                {
                    return _raw.ToArray();
                }
            }
        }

        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var arrived = DateTimeOffset.UtcNow;
            var bytes = buffer.ToArray();
            lock (_lock)
            {
                _raw.Add((arrived, bytes));
            }

            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
