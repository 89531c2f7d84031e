using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Calls;
using VoiceTraining.Application.Voice.Providers;

namespace VoiceTraining.Api.Controllers;

/// <summary>What the web app needs to know before sign-in. Holds only public values.</summary>
[Route("api/config")]
[Tags("Configuration")]
[AllowAnonymous]
public sealed class ConfigController(IMediator mediator, LocalMode localMode, LocalVoiceMode localVoice, LocalEmailMode localEmail, IVoiceSettings voice, IdentitySettings identity,
    VoicePipelineMode voicePipeline)
    : ApiControllerBase(mediator)
{
    /// <summary>Get the public client configuration (sign-in mode and publishable keys).</summary>
    [HttpGet(Name = "getClientConfig")]
    [ProducesResponseType<ClientConfigDto>(StatusCodes.Status200OK)]
    public ClientConfigDto Get() => new(
        LocalMode: localMode.Enabled,
        ClerkPublishableKey: identity.ClerkPublishableKey,
        VoiceLocalMode: localVoice.Enabled,
        VapiPublicKey: voice.PublicKey,
        EmailLocalMode: localEmail.MailboxEnabled,
        VoiceProvidersLocalMode: voicePipeline.Local);
}

/// <summary>Public client configuration.</summary>
/// <param name="LocalMode">True when sign-in goes through the local-mode endpoints (no identity provider configured).</param>
/// <param name="ClerkPublishableKey">The Clerk publishable key, when Clerk is configured.</param>
/// <param name="VoiceLocalMode">True when calls are simulated (no Vapi keys): use POST /api/dev/simulate-call.</param>
/// <param name="VapiPublicKey">Vapi's public key for the web SDK (never the private key).</param>
/// <param name="EmailLocalMode">True when emails are recorded instead of sent and readable at GET /api/dev/mailbox.</param>
/// <param name="VoiceProvidersLocalMode">True when voice sessions run on local stand-ins (no speech provider keys): label them as such.</param>
public sealed record ClientConfigDto(bool LocalMode, string? ClerkPublishableKey, bool VoiceLocalMode, string? VapiPublicKey, bool EmailLocalMode,
    bool VoiceProvidersLocalMode);
