using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.DevSignIn;
using VoiceTraining.Application.DevSignIn.Queries.GetDevSignInMembers;

namespace VoiceTraining.Api.Controllers;

/// <summary>Local-mode sign-in. Every action answers 404 unless the API runs in local mode.</summary>
[Route("api/dev")]
[Tags("Local mode")]
[AllowAnonymous]
public sealed class DevController(IMediator mediator, LocalMode localMode, LocalTokenIssuer issuer, TimeProvider clock)
    : ApiControllerBase(mediator)
{
    /// <summary>List the members one can sign in as (local mode only).</summary>
    [HttpGet("members", Name = "listDevMembers")]
    [ProducesResponseType<IReadOnlyList<DevSignInMemberDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<IReadOnlyList<DevSignInMemberDto>>> Members(CancellationToken ct)
    {
        if (!localMode.Enabled) return NotFound();
        return Ok(await Mediator.Send(new GetDevSignInMembersQuery(), ct));
    }

    /// <summary>
    /// Mint a bearer token for a member, by email or member id (local mode only). The token has
    /// the same claims a Clerk session token of the integration's JWT template has.
    /// </summary>
    [HttpPost("token", Name = "createDevToken")]
    [ProducesResponseType<DevTokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<DevTokenResponse>> Token(DevTokenRequest request, CancellationToken ct)
    {
        if (!localMode.Enabled) return NotFound();
        if (string.IsNullOrWhiteSpace(request.Email) == (request.MemberId is null))
        {
            ModelState.AddModelError("email", "Give either an email or a memberId.");
            return ValidationProblem(ModelState);
        }
        var members = await Mediator.Send(new GetDevSignInMembersQuery(request.MemberId, request.Email), ct);
        if (members.Count == 0) return Problem(statusCode: StatusCodes.Status404NotFound, detail: "No active member matches.");
        if (members.Count > 1)
        {
            ModelState.AddModelError("email", "This email belongs to members of several organizations; sign in by memberId.");
            return ValidationProblem(ModelState);
        }

        var member = members[0];
        var now = clock.GetUtcNow();
        var expires = now + LocalTokenIssuer.Lifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = LocalTokenIssuer.Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", member.ExternalUserId)]),
            Claims = new Dictionary<string, object>
            {
                ["email"] = member.Email,
                ["org_id"] = member.OrgClaim,
                ["role"] = RoleNames.ToClaim(member.Role),
            },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(issuer.Key, SecurityAlgorithms.HmacSha256),
        });
        return Ok(new DevTokenResponse(token, expires, member));
    }
}

/// <summary>Who to sign in as: an email or a member id.</summary>
public sealed record DevTokenRequest(string? Email, Guid? MemberId);

/// <summary>A bearer token for the member.</summary>
public sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt, DevSignInMemberDto Member);
