using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Personas;

namespace VoiceTraining.Domain.Scenarios;

public enum ScenarioStatus
{
    Draft,
    Published,
    Archived,
}

/// <summary>A roleplay: a persona, the AI's prompt and the rubric the attempt is scored against.</summary>
public sealed class Scenario : TenantEntity
{
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public Guid PersonaId { get; private set; }
    public Persona? Persona { get; private set; }
    public string AiPrompt { get; private set; } = "";
    public List<RubricCriterion> Rubric { get; private set; } = [];
    /// <summary>Score (0–100) below which an attempt is reported as low.</summary>
    public int PassingThreshold { get; private set; }
    public ScenarioStatus Status { get; private set; }
    public Guid? CreatedById { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    private Scenario() { }

    public Scenario(Guid orgId, string title, string description, Guid personaId, string aiPrompt,
        IEnumerable<RubricCriterion> rubric, int passingThreshold, Guid? createdById, DateTimeOffset now)
        : base(orgId, now)
    {
        Apply(title, description, personaId, aiPrompt, rubric, passingThreshold);
        CreatedById = createdById;
        Status = ScenarioStatus.Draft;
    }

    public void Update(string title, string description, Guid personaId, string aiPrompt,
        IEnumerable<RubricCriterion> rubric, int passingThreshold, DateTimeOffset now)
    {
        if (Status == ScenarioStatus.Archived) throw new DomainException("An archived scenario cannot be edited; publish it again first.");
        Apply(title, description, personaId, aiPrompt, rubric, passingThreshold);
        Touch(now);
    }

    public void Publish(DateTimeOffset now)
    {
        if (Rubric.Count == 0) throw new DomainException("A scenario needs at least one rubric criterion before it is published.");
        if (string.IsNullOrWhiteSpace(AiPrompt)) throw new DomainException("A scenario needs an AI prompt before it is published.");
        if (Status == ScenarioStatus.Published) return;
        Status = ScenarioStatus.Published;
        PublishedAt = now;
        Touch(now);
    }

    public void Archive(DateTimeOffset now)
    {
        if (Status == ScenarioStatus.Archived) return;
        Status = ScenarioStatus.Archived;
        Touch(now);
    }

    public bool IsPublished => Status == ScenarioStatus.Published;

    private void Apply(string title, string description, Guid personaId, string aiPrompt,
        IEnumerable<RubricCriterion> rubric, int passingThreshold)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("A scenario needs a title.");
        if (personaId == Guid.Empty) throw new DomainException("A scenario needs a persona.");
        if (passingThreshold is < 0 or > 100) throw new DomainException("The passing threshold is a score between 0 and 100.");
        var criteria = rubric.ToList();
        if (criteria.Count > 0 && criteria.Sum(c => c.Weight) <= 0) throw new DomainException("The rubric's weights must add up to more than zero.");
        Title = title.Trim();
        Description = description?.Trim() ?? "";
        PersonaId = personaId;
        AiPrompt = aiPrompt?.Trim() ?? "";
        Rubric = criteria;
        PassingThreshold = passingThreshold;
    }
}
