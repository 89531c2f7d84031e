using MediatR;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Application.Voice.Turns;
using VoiceTraining.Application.Voice.Turns.Commands.TakeVoiceTurn;

namespace VoiceTraining.Api.Controllers;

[Route("api/voice/sessions/{sessionId:guid}/turns")]
[Tags("Voice")]
public sealed class VoiceTurnsController(IMediator mediator, VoiceTurnOptions options) : ApiControllerBase(mediator)
{
    public const string SessionTokenHeader = "X-Voice-Session-Token";

    /// <summary>The most a turn request may carry; the audio's own limit (VoiceTurns:MaxAudioBytes) is checked inside it.</summary>
    public const long MaxRequestBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Take one turn of a voice session (half-duplex): send the trainee's audio (field audio: a
    /// 16 kHz mono 16-bit PCM WAV file, or raw little-endian samples as audio/pcm) or their text (field
    /// text), with the session token from start-session in X-Voice-Session-Token. The audio is
    /// transcribed, the AI buyer answers (the scenario's prompt, the persona, the conversation so far)
    /// and the answer is spoken in the persona's voice; both sides are added to the attempt's
    /// transcript. The answer carries the reply's audio inline (base64 WAV or MP3) and which provider
    /// served each step; a failover to another provider is recorded on the session. Only the
    /// session's member may take its turns; an ended session answers 409.
    /// </summary>
    [HttpPost(Name = "takeVoiceTurn")]
    [Consumes("multipart/form-data")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    [ProducesResponseType<VoiceTurnDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    public async Task<ActionResult<VoiceTurnDto>> Take(Guid sessionId, [FromForm] VoiceTurnForm form,
        [FromHeader(Name = SessionTokenHeader)] string? sessionToken, CancellationToken ct)
    {
        TurnAudio? audio = null;
        if (form.Audio is { } file)
        {
            if (file.Length > options.MaxAudioBytes)
                return Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                    detail: $"The audio is larger than a turn takes ({options.MaxAudioBytes} bytes); send shorter turns.");
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            audio = new TurnAudio(buffer.ToArray(), file.ContentType);
        }
        return await Mediator.Send(new TakeVoiceTurnCommand(sessionId, sessionToken, audio, form.Text), ct);
    }
}

/// <summary>A turn's form: the trainee's audio or their text.</summary>
public sealed class VoiceTurnForm
{
    /// <summary>The trainee's speech: a 16 kHz mono 16-bit PCM WAV file, or raw little-endian samples sent as audio/pcm.</summary>
    public IFormFile? Audio { get; set; }

    /// <summary>The trainee's words as text, instead of audio.</summary>
    public string? Text { get; set; }
}
