using System.Net;
using System.Net.Sockets;
using System.Text;
using ImageGallery.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageGallery.Tests.Storage;

// Memory is measured in this process, which also runs the in-process server: nothing
// else may run at the same time.
[CollectionDefinition(nameof(MemoryMeasured), DisableParallelization = true)]
public sealed class MemoryMeasured;

// The embedded upload endpoint is anonymous: what an attacker streams at it must be
// refused early, with nothing buffered beyond a small bound.
// Over real Kestrel on loopback: the in-memory test server would buffer what the client
// writes, so only a socket shows what the app itself holds.
public sealed class KestrelGalleryFactory : GalleryFactory
{
    public KestrelGalleryFactory()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        StartServer();
    }

    public Uri BaseUrl { get; }

    public HttpClient CreateSocketClient() => new() { BaseAddress = BaseUrl };
}

[Collection(nameof(MemoryMeasured))]
public class EmbeddedUploadFloodTests(KestrelGalleryFactory factory, ITestOutputHelper output) : IClassFixture<KestrelGalleryFactory>
{
    private const string Boundary = "flood-boundary";
    private const long Bound = 16 * 1024 * 1024;

    [Fact]
    public async Task Upload_RefusesAnEndlessStreamOfFields_Early_WithoutGrowingMemory()
    {
        // Distinct names, each value 16,000 bytes: up to 4096 of them (64 MB) if nobody stops it.
        var (status, text, sent, growth) = await MeasureAsync(s => WriteFieldsAsync(s, i => $"field{i}", 16_000, 4096));
        output.WriteLine($"endless fields: {status}, client sent {sent:N0} bytes, peak managed memory growth {growth:N0} bytes");

        Assert.Equal(403, status);
        Assert.Contains("Extra input fields", text);
        Assert.True(growth < Bound, $"memory grew by {growth:N0} bytes");
        Assert.True(sent < 4096L * 16_000, $"the server read all {sent:N0} bytes");
    }

    [Fact]
    public async Task Upload_RefusesAHugeField_AfterItsLimit_WithoutGrowingMemory()
    {
        var (status, text, sent, growth) = await MeasureAsync(s => WriteFieldsAsync(s, _ => "policy", 64 * 1024 * 1024, 1));
        output.WriteLine($"one 64 MB field: {status}, client sent {sent:N0} bytes, peak managed memory growth {growth:N0} bytes");

        Assert.Equal(400, status);
        Assert.Contains("too long", text);
        Assert.True(growth < Bound, $"memory grew by {growth:N0} bytes");
    }

    [Fact]
    public async Task Upload_RefusesARepeatedField()
    {
        var (status, text, _) = await RawPostAsync(s => WriteFieldsAsync(s, _ => "key", 10, 3));
        Assert.Equal(400, status);
        Assert.Contains("more than once", text);
    }

    [Fact]
    public async Task Upload_RefusesABodyLargerThanAnyFormAllows_BeforeReadingIt()
    {
        var (status, text, sent) = await RawPostAsync(s => WriteFieldsAsync(s, i => $"f{i}", 1024, 1024 * 1024),
            contentLength: 20 * 1024 * 1024 + 16 * 1024 + 1);
        output.WriteLine($"declared length over the limit: {status}, client sent {sent:N0} bytes");
        Assert.Equal(400, status);
        Assert.Contains("EntityTooLarge", text);
    }

    // Peak growth of this process's managed heap while the request runs, sampled.
    private async Task<(int Status, string Text, long Sent, long Growth)> MeasureAsync(Func<Stream, Task> body)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(2);
            }
        });
        var (status, text, sent) = await RawPostAsync(body);
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        await done.CancelAsync();
        await sampler;
        return (status, text, sent, peak - baseline);
    }

    // A raw socket, as an attacker streams: the body is written while the answer is read,
    // so a server that answers early is seen to, and the client sees what it got to send.
    private async Task<(int Status, string Text, long Sent)> RawPostAsync(Func<Stream, Task> body, long? contentLength = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, factory.BaseUrl.Port);
        var net = tcp.GetStream();
        var framing = contentLength is { } n ? $"Content-Length: {n}" : "Transfer-Encoding: chunked";
        await net.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /storage/upload HTTP/1.1\r\nHost: {factory.BaseUrl.Authority}\r\n" +
            $"Content-Type: multipart/form-data; boundary={Boundary}\r\n{framing}\r\n\r\n"));
        var counter = new CountingStream(net, chunked: contentLength is null);
        var writer = Task.Run(async () =>
        {
            try
            {
                await body(counter);
                await counter.EndAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The server answered and closed: that is the point.
            }
        });

        var text = new StringBuilder();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            int read;
            while (!text.ToString().Contains("</Error>") && !text.ToString().Contains("</PostResponse>") &&
                   (read = await net.ReadAsync(buffer, timeout.Token)) > 0)
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
            // Reset after the answer: what arrived is enough.
        }
        tcp.Close();
        await writer;
        var status = text.Length >= 12 ? int.Parse(text.ToString(9, 3)) : 0;
        return (status, text.ToString(), counter.Sent);
    }

    // multipart/form-data fields from one reused buffer, so the client itself allocates
    // next to nothing.
    private static async Task WriteFieldsAsync(Stream stream, Func<int, string> name, int valueBytes, int maxFields)
    {
        var value = new byte[Math.Min(valueBytes, 64 * 1024)];
        Array.Fill(value, (byte)'a');
        for (var i = 0; i < maxFields; i++)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name(i)}\"\r\n\r\n"));
            for (var left = valueBytes; left > 0; left -= value.Length)
                await stream.WriteAsync(value.AsMemory(0, Math.Min(left, value.Length)));
            await stream.WriteAsync("\r\n"u8.ToArray());
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
    }

    private sealed class CountingStream(Stream inner, bool chunked) : Stream
    {
        public long Sent { get; private set; }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            if (chunked) await inner.WriteAsync(Encoding.ASCII.GetBytes($"{buffer.Length:x}\r\n"), ct);
            await inner.WriteAsync(buffer, ct);
            if (chunked) await inner.WriteAsync("\r\n"u8.ToArray(), ct);
            Sent += buffer.Length;
        }

        public async Task EndAsync()
        {
            if (chunked) await inner.WriteAsync("0\r\n\r\n"u8.ToArray());
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
