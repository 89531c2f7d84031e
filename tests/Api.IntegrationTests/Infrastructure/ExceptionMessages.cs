namespace VoiceTraining.Api.IntegrationTests.Infrastructure;

/// <summary>For start-up failures: the host may wrap the options validation's exception, so tests read every message inside.</summary>
public static class ExceptionMessages
{
    /// <summary>The messages of the exception and of those inside it, each validation failure ("; "-joined) on its own.</summary>
    public static List<string> Messages(Exception exception)
    {
        var messages = new List<string>();
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            messages.AddRange(e.Message.Split("; "));
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
        return messages;
    }
}
