using System.ClientModel;
using System.Runtime.CompilerServices;
using OpenAI.Chat;
using OpenAI.Models;
using VoiceTraining.Application.Voice.Providers;
using VoiceTraining.Domain.Voice;

namespace VoiceTraining.Infrastructure.Voice.Providers.OpenAi;

/// <summary>
/// The AI buyer on a chat-completions API through OpenAI's own SDK: POST {base}/chat/completions
/// with stream=true, the instructions as the system message and the conversation after it, read as
/// server-sent events (data: chunks, data: [DONE]; comments such as OpenRouter's
/// ": OPENROUTER PROCESSING" are skipped by the SDK's parser). OpenRouter speaks the same wire
/// format, so it is this class too, with its base URL, key and model ("openrouter"). Health: GET {base}/models.
/// </summary>
internal sealed class OpenAiChatModel(string name, ChatClient chat, OpenAIModelClient models) : ILanguageModel, IHealthProbe
{
    public string Name { get; } = name;
    public bool IsLocal => false;
    public VoiceProviderKind Kind => VoiceProviderKind.Llm;

    public async IAsyncEnumerable<string> StreamReplyAsync(ChatPrompt prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new SystemChatMessage(prompt.Instructions)];
        foreach (var message in prompt.Messages)
            messages.Add(message.Role == ConversationRole.User ? new UserChatMessage(message.Text) : new AssistantChatMessage(message.Text));
        var options = new ChatCompletionOptions
        {
            Temperature = prompt.Temperature is { } t ? (float)t : null,
            MaxOutputTokenCount = prompt.MaxOutputTokens,
        };

        await using var updates = chat.CompleteChatStreamingAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamingChatCompletionUpdate update;
            try
            {
                if (!await updates.MoveNextAsync()) yield break;
                update = updates.Current;
            }
            catch (Exception e) when (OpenAiErrors.Map(Name, Kind, e, cancellationToken) is { } failure)
            {
                throw failure;
            }
            foreach (var part in update.ContentUpdate)
                if (!string.IsNullOrEmpty(part.Text)) yield return part.Text;
        }
    }

    public Task<string?> ProbeAsync(CancellationToken cancellationToken) => OpenAiModelsProbe.ProbeAsync(models, Name, Kind, cancellationToken);
}

/// <summary>The SDK's exceptions as <see cref="VoiceProviderException"/>s; the caller's own cancellation passes through (null).</summary>
internal static class OpenAiErrors
{
    public static VoiceProviderException? Map(string provider, VoiceProviderKind kind, Exception e, CancellationToken cancellationToken)
    {
        if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) return null;
        return e switch
        {
            VoiceProviderException known => known,
            ClientResultException { Status: > 0 } result => ProviderErrors.FromStatus(provider, kind, result.Status, Body(result)),
            ClientResultException result => ProviderErrors.Unreachable(provider, kind, result.InnerException ?? result),
            HttpRequestException or TimeoutException or OperationCanceledException or IOException => ProviderErrors.Unreachable(provider, kind, e),
            // A chunk the SDK could not read (an error event in the middle of a stream, say).
            _ => new VoiceProviderException(provider, kind, VoiceProviderFailure.Unavailable, $"the answer could not be read ({e.GetType().Name})", e),
        };
    }

    private static string? Body(ClientResultException e)
    {
        try
        {
            return e.GetRawResponse()?.Content?.ToString();
        }
        catch (InvalidOperationException)
        {
            // A streamed response whose body was not buffered.
            return null;
        }
    }
}
