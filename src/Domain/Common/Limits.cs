namespace VoiceTraining.Domain.Common;

/// <summary>
/// Column lengths shared by validators and EF configurations so the two never disagree.
/// </summary>
public static class Limits
{
    public const int Name = 200;
    public const int Title = 200;
    public const int Email = 320;
    public const int ExternalId = 100;
    public const int Description = 4000;
    public const int Prompt = 20000;
    public const int VoiceProvider = 50;
    public const int VoiceId = 200;
    public const int Url = 2048;
    public const int CriterionName = 200;
    public const int Phrase = 200;
    public const int MaxCriteria = 20;
    public const int MaxPhrasesPerCriterion = 50;
    public const int MaxScenariosPerTrack = 50;
}
