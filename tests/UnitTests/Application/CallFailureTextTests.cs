using VoiceTraining.Application.Calls;

namespace VoiceTraining.UnitTests.Application;

public class CallFailureTextTests
{
    [Theory]
    [InlineData("pipeline-error-openai-llm-failed", "The voice service had a problem (pipeline-error-openai-llm-failed). Try again in a moment.")]
    [InlineData("customer-did-not-give-microphone-permission", "The call had no access to your microphone. Allow it in the browser and try again.")]
    [InlineData("customer-did-not-answer", "The call was not answered. Try again.")]
    [InlineData("assistant-error", "The call failed (assistant-error). Try again.")]
    [InlineData("silence-timed-out", "The call ended: silence-timed-out.")]
    [InlineData(null, "The call failed without a reason from the voice service. Try again.")]
    [InlineData("  ", "The call failed without a reason from the voice service. Try again.")]
    public void A_providers_ended_reason_is_told_in_the_trainees_words(string? reason, string expected) =>
        CallFailureText.Describe(reason).Should().Be(expected);
}
