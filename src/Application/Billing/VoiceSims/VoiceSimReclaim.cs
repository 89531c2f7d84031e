using VoiceTraining.Domain.Organizations;
using VoiceTraining.Application.Common.Interfaces;

namespace VoiceTraining.Application.Billing.VoiceSims;

/// <summary>
/// After the organization's SIM count was taken from the payment provider: SIMs assigned beyond it
/// go back, most recently assigned first, and the admins are told who lost voice AI.
/// </summary>
internal sealed class VoiceSimReclaim(IApplicationDbContext db, VoiceSimEmails emails)
{
    public async Task RunAsync(Organization org, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lost = await VoiceSimAssignments.ReclaimBeyondPurchasedAsync(db, org, now, cancellationToken);
        await emails.ReclaimedAsync(org, lost, now, cancellationToken);
    }
}
