using VoiceTraining.Api.IntegrationTests.Infrastructure;

namespace VoiceTraining.Api.IntegrationTests.Fuzzing;

/// <summary>The API with every provider configured (<see cref="AllProvidersFixture"/>), so the fuzzer reaches every operation.</summary>
public sealed class FuzzFixture : AllProvidersFixture;
