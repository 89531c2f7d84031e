using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace VoiceTraining.Infrastructure.Email;

/// <summary>
/// The HMAC keys of attempt reply addresses. With Email__ReplyTokenSecret set, its UTF-8 bytes
/// are the one key (set it when something outside this API must read the addresses). Without it,
/// a key is derived from each key of the ASP.NET Data Protection key ring (kept in PostgreSQL, so
/// every instance derives the same): new addresses use the newest key, and an address verifies
/// against any key still in the ring, so they outlive the ring's 90-day key rotation.
/// </summary>
public sealed class ReplyTokenKeys
{
    private const string Purpose = "VoiceTraining.Email.ReplyAddress.v1";
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan MinForcedRefresh = TimeSpan.FromSeconds(30);

    private readonly byte[]? _configured;
    private readonly IKeyManager? _keyManager;
    private readonly IDataProtectionProvider? _provider;
    private readonly Lock _lock = new();
    private Snapshot? _snapshot;
    private DateTime _lastForcedAt = DateTime.MinValue;

    private sealed record Snapshot(byte[] Current, IReadOnlyList<byte[]> All, DateTime LoadedAt);

    /// <summary>A configured secret.</summary>
    public ReplyTokenKeys(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _configured = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>Derived from the Data Protection key ring.</summary>
    public ReplyTokenKeys(IKeyManager keyManager, IDataProtectionProvider provider)
    {
        _keyManager = keyManager;
        _provider = provider;
    }

    public bool IsConfigured => _configured is not null;

    /// <summary>The key new addresses are made with.</summary>
    public byte[] Current => _configured ?? Load(force: false).Current;

    /// <summary>Every key an address may have been made with.</summary>
    public IReadOnlyList<byte[]> All => _configured is { } key ? [key] : Load(force: false).All;

    /// <summary>Re-reads the key ring (another instance may have added a key); false when nothing could change or it was just done.</summary>
    public bool TryRefresh()
    {
        if (_configured is not null) return false;
        lock (_lock)
        {
            if (DateTime.UtcNow - _lastForcedAt < MinForcedRefresh) return false;
            _lastForcedAt = DateTime.UtcNow;
        }
        Load(force: true);
        return true;
    }

    private Snapshot Load(bool force)
    {
        var snapshot = _snapshot;
        if (!force && snapshot is not null && DateTime.UtcNow - snapshot.LoadedAt < Refresh) return snapshot;
        lock (_lock)
        {
            if (!force && _snapshot is { } fresh && DateTime.UtcNow - fresh.LoadedAt < Refresh) return fresh;
            var keys = Usable();
            if (keys.Count == 0)
            {
                // An empty ring: protecting anything makes Data Protection create (and store) its first key.
                _provider!.CreateProtector(Purpose).Protect([0]);
                keys = Usable();
            }
            if (keys.Count == 0) throw new InvalidOperationException("The Data Protection key ring has no usable key to derive reply addresses from.");
            _snapshot = new Snapshot(keys[0].Key, [.. keys.Select(k => k.Key)], DateTime.UtcNow);
            return _snapshot;
        }
    }

    /// <summary>Derived keys of the ring's keys that are not revoked, the newest already active first.</summary>
    private List<(DateTimeOffset Activation, byte[] Key)> Usable()
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(5);
        return [.. _keyManager!.GetAllKeys()
            .Where(k => !k.IsRevoked)
            .Select(k => (k.ActivationDate, Key: Derive(k)))
            .Where(k => k.Key is not null)
            .OrderByDescending(k => k.ActivationDate <= now)
            .ThenByDescending(k => k.ActivationDate)
            .Select(k => (k.ActivationDate, k.Key!))];
    }

    private static byte[]? Derive(IKey key)
    {
        try
        {
            var xml = key.Descriptor.ExportToXml().SerializedDescriptorElement;
            // The master key's value when the descriptor has one (the default one does), else the whole descriptor.
            var material = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "value")?.Value ?? xml.ToString();
            return HMACSHA256.HashData(Encoding.UTF8.GetBytes(material), Encoding.UTF8.GetBytes(Purpose));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
