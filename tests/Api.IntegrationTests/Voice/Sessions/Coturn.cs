using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VoiceTraining.Api.IntegrationTests.Voice.Sessions;

/// <summary>
/// A real coturn TURN server (Debian's <c>coturn</c> package) on 127.0.0.1 and a free port, with the
/// REST-credential scheme on (<c>use-auth-secret</c>, <c>static-auth-secret</c>), no TLS, its log,
/// pid file and user database in a temporary folder; and its client, <c>turnutils_uclient</c>, to try
/// credentials with a real allocation. Missing binaries fail the test, saying how to install them.
/// </summary>
public sealed class Coturn : IAsyncDisposable
{
    public const string Realm = "voicetraining.test";

    private readonly Process _server;
    private readonly string _folder;

    private Coturn(Process server, string folder, int port)
    {
        _server = server;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    private string LogFile => Path.Combine(_folder, "turn.log");

    public static async Task<Coturn> StartAsync(string sharedSecret)
    {
        var turnserver = Binary("turnserver");
        Binary("turnutils_uclient");
        var folder = Path.Combine(Path.GetTempPath(), "vt-coturn-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var start = new ProcessStartInfo(turnserver)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-n", "--no-cli", "--verbose", "--simple-log",
                     "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}",
                     "--use-auth-secret", $"--static-auth-secret={sharedSecret}", $"--realm={Realm}",
                     "--no-tls", "--no-dtls", "--allow-loopback-peers",
                     $"--log-file={Path.Combine(folder, "turn.log")}", $"--pidfile={Path.Combine(folder, "turn.pid")}",
                     $"--userdb={Path.Combine(folder, "turndb")}",
                 })
            start.ArgumentList.Add(argument);
        var server = Process.Start(start) ?? throw new InvalidOperationException("turnserver did not start.");
        // Its console output is not needed (the log file has it), but a full pipe would stall it.
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var coturn = new Coturn(server, folder, port);
        await coturn.WaitUntilListeningAsync();
        return coturn;
    }

    /// <summary>
    /// Allocates relays with these credentials (two clients relaying one message to each other over
    /// UDP) and answers the client's exit code and output: 0 when the allocations succeeded.
    /// </summary>
    public async Task<(int ExitCode, string Output)> AllocateAsync(string username, string password)
    {
        var start = new ProcessStartInfo(Binary("turnutils_uclient"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-u", username, "-w", password, "-p", Port.ToString(), "-n", "1", "-m", "1", "-y", "-c", "127.0.0.1" })
            start.ArgumentList.Add(argument);
        using var client = Process.Start(start) ?? throw new InvalidOperationException("turnutils_uclient did not start.");
        var stdout = client.StandardOutput.ReadToEndAsync();
        var stderr = client.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            client.Kill(entireProcessTree: true);
            throw new TimeoutException("turnutils_uclient did not finish within 30 s.");
        }
        return (client.ExitCode, await stdout + await stderr);
    }

    /// <summary>What the server logged about requests of this user so far.</summary>
    public string LogOf(string username)
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var marker = $"user <{username}>";
        return string.Join('\n', reader.ReadToEnd().Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Temporary files; leaving them is harmless.
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_server.HasExited)
                throw new InvalidOperationException($"turnserver exited with {_server.ExitCode} before listening; its log: {(File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "(none)")}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The binary's full path; fails with how to install coturn when it is missing.</summary>
    private static string Binary(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            $"{name} was not found on PATH. The TURN credential tests need Debian's coturn: `apt-get install -y coturn` "
            + "(make test and .ci/run install it when run as root).");

    /// <summary>A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both).</summary>
    private static int FreePort()
    {
        for (var tries = 0; ; tries++)
        {
            var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (tries < 20)
            {
                // Taken for UDP: try another.
            }
            finally
            {
                tcp.Stop();
            }
        }
    }
}
