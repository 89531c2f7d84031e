using Npgsql;

namespace VoiceTraining.Api.Http;

/// <summary>
/// PostgreSQL refused text it cannot store: U+0000 in a text column (22021) or in jsonb (22P05).
/// The API's own inputs never get this far (<see cref="TextInputRule"/>); this is the net for text
/// that arrives another way, such as a provider's webhook, and it is the sender's error (400), not ours.
/// </summary>
internal static class UnstorableText
{
    public const string Detail = "The request contains text that cannot be stored: the character U+0000 (NUL) is not allowed.";

    public static bool Is(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter }) return true;
        }
        return false;
    }
}
