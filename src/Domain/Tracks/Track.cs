using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Scenarios;

namespace VoiceTraining.Domain.Tracks;

/// <summary>An ordered list of scenarios; finishing them all completes the track.</summary>
public sealed class Track : TenantEntity
{
    private readonly List<TrackScenario> _scenarios = [];

    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public IReadOnlyList<TrackScenario> Scenarios => _scenarios;

    private Track() { }

    public Track(Guid orgId, string title, string description, IReadOnlyList<Guid> scenarioIds, DateTimeOffset now)
        : base(orgId, now)
    {
        Apply(title, description);
        SetScenarios(scenarioIds);
    }

    public void Update(string title, string description, IReadOnlyList<Guid> scenarioIds, DateTimeOffset now)
    {
        Apply(title, description);
        SetScenarios(scenarioIds);
        Touch(now);
    }

    /// <summary>A member has now completed every scenario of this track.</summary>
    public void RecordCompletion(Guid memberId, Guid? assignmentId, DateTimeOffset now) =>
        Raise(new Attempts.TrackCompleted
        {
            OrgId = OrgId, OccurredAt = now, MemberId = memberId, TrackId = Id, AssignmentId = assignmentId,
            ScenarioIds = _scenarios.OrderBy(s => s.Position).Select(s => s.ScenarioId).ToList(),
        });

    /// <summary>Replaces the ordered list; position is the index in the list.</summary>
    private void SetScenarios(IReadOnlyList<Guid> scenarioIds)
    {
        if (scenarioIds.Count == 0) throw new DomainException("A track needs at least one scenario.");
        if (scenarioIds.Distinct().Count() != scenarioIds.Count) throw new DomainException("A scenario appears only once in a track.");
        if (scenarioIds.Count > Limits.MaxScenariosPerTrack) throw new DomainException($"A track holds at most {Limits.MaxScenariosPerTrack} scenarios.");
        _scenarios.Clear();
        for (var i = 0; i < scenarioIds.Count; i++)
            _scenarios.Add(new TrackScenario(OrgId, Id, scenarioIds[i], i));
    }

    private void Apply(string title, string description)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException("A track needs a title.");
        Title = title.Trim();
        Description = description?.Trim() ?? "";
    }
}

/// <summary>A scenario's place in a track.</summary>
public sealed class TrackScenario : ITenantOwned
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid OrgId { get; private set; }
    public Guid TrackId { get; private set; }
    public Guid ScenarioId { get; private set; }
    public Scenario? Scenario { get; private set; }
    public int Position { get; private set; }

    private TrackScenario() { }

    internal TrackScenario(Guid orgId, Guid trackId, Guid scenarioId, int position)
    {
        OrgId = orgId;
        TrackId = trackId;
        ScenarioId = scenarioId;
        Position = position;
    }
}
