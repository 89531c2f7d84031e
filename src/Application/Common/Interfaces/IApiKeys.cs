namespace VoiceTraining.Application.Common.Interfaces;

/// <summary>A new API key: the full key (shown once) and what is stored.</summary>
public sealed record GeneratedApiKey(string Key, string Prefix, string Hash);

/// <summary>Makes API keys and hashes presented ones the same way.</summary>
public interface IApiKeyGenerator
{
    GeneratedApiKey Generate();
    string Hash(string key);
}
