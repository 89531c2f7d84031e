using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Application.Voice.Turns;

/// <summary>The instructions the AI buyer gets: the scenario's own prompt, then who it plays and how to speak.</summary>
public static class BuyerInstructions
{
    public static string For(string aiPrompt, string personaName, string personaDescription, Difficulty difficulty)
    {
        var persona = string.IsNullOrWhiteSpace(personaDescription) ? personaName : $"{personaName}: {personaDescription}";
        var manner = difficulty switch
        {
            Difficulty.Easy => "You are open to being convinced.",
            Difficulty.Hard => "You are sceptical and raise objections before you agree to anything.",
            _ => "You are polite but need good reasons.",
        };
        return $"""
            {aiPrompt.Trim()}

            You are the buyer in a sales practice call, and you stay in character: {persona}. {manner}
            The trainee is the salesperson. Your words are spoken aloud: answer in one to three short sentences, with no lists, markup or stage directions.
            """;
    }
}
